import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { AppError } from "./app-error";
import { isDatabaseUnreachable } from "./database-unreachable";
import { errorResponse, toAppError } from "./to-response";

/** A loopback port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The error Prisma really throws when PostgreSQL cannot be reached. */
async function unreachableError(): Promise<unknown> {
  const db = await openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${await closedPort()}/test` });
  try {
    await db.prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    return error;
  } finally {
    await db.close();
  }
  throw new Error("the query reached a database that does not exist");
}

describe("a database that cannot be reached", () => {
  it("is told apart from a query that failed", async () => {
    expect(isDatabaseUnreachable(await unreachableError())).toBe(true);
    expect(isDatabaseUnreachable(new Error("relation \"users\" does not exist"))).toBe(false);
    expect(isDatabaseUnreachable(new AppError("NOT_FOUND"))).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
  });

  it("answers 503 with Retry-After and the stable code, never the driver's words", async () => {
    const response = errorResponse(await unreachableError());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: "UNAVAILABLE", message: "The service is briefly unavailable. Please try again in a minute.", messageId: { id: "errors.UNAVAILABLE" }, retryAfterSeconds: 30 } });
    expect(body).not.toMatch(/reach|127\.0\.0\.1|prisma/i);
  });

  it("leaves every other unexpected error a 500", () => {
    expect(toAppError(new TypeError("x is undefined")).code).toBe("INTERNAL");
  });
});
