import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { managementErrorResponse, oauthErrorResponse } from "./errors";

/** What Prisma throws when PostgreSQL cannot be reached, by its code (the real one is in lib/errors). */
const unreachable = () => Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" });

describe("Management and Authentication API errors that ask the client to retry", () => {
  it("answer an unreachable database with 503 and Retry-After 30 in Auth0's shape", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = managementErrorResponse(unreachable());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ statusCode: 503, error: "Service Unavailable", message: "The service is briefly unavailable. Please try again in a minute." });
  });

  it("answer an unreachable database with 503, Retry-After 30 and temporarily_unavailable at the OAuth endpoints", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = oauthErrorResponse(unreachable());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ error: "temporarily_unavailable", error_description: "The service is briefly unavailable. Please try again in a minute." });
  });

  it("carry a rate limit's own wait, and nothing for errors that are not about waiting", () => {
    const limited = new AppError("RATE_LIMITED", undefined, { data: { retryAfterSeconds: 7 } });
    expect(managementErrorResponse(limited).headers.get("retry-after")).toBe("7");
    expect(oauthErrorResponse(limited).headers.get("retry-after")).toBe("7");
    expect(managementErrorResponse(new AppError("NOT_FOUND")).headers.has("retry-after")).toBe(false);
    expect(oauthErrorResponse(new AppError("FORBIDDEN")).headers.has("retry-after")).toBe(false);
  });
});
