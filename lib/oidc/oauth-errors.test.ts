import type http from "node:http";
import type Provider from "oidc-provider";
import { describe, expect, it, vi } from "vitest";
import { createOidcHttp } from "./http";
import { databaseUnavailableOf } from "./oauth-errors";

/** What Prisma throws when PostgreSQL cannot be reached, by its code (the real one is in lib/errors). */
const unreachable = () => Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" });

/** A raw response that records what the handler wrote. */
function recordingResponse() {
  const headers = new Map<string, string>();
  const res = {
    statusCode: 200,
    headersSent: false,
    body: "",
    setHeader(name: string, value: string) {
      headers.set(name.toLowerCase(), String(value));
    },
    end(chunk?: string) {
      res.body = chunk ?? "";
      res.headersSent = true;
    },
  };
  return { res, headers };
}

/** The provider's HTTP entry with a provider whose every request fails with `failure`. */
function oidcHttpFailingWith(failure: unknown) {
  const provider = { callback: () => () => Promise.reject(failure) } as unknown as Provider;
  return createOidcHttp({ provider, interaction: () => Promise.reject(failure), clientCredentials: () => Promise.reject(failure) });
}

describe("the provider's answer to an unreachable database", () => {
  it("is a 503 with Retry-After 30 and temporarily_unavailable, and only for that failure", () => {
    expect(databaseUnavailableOf(unreachable())).toEqual({
      status: 503,
      retryAfter: "30",
      error: "temporarily_unavailable",
      description: "The service is briefly unavailable. Please try again in a minute.",
    });
    expect(databaseUnavailableOf(new TypeError("x is undefined"))).toBeNull();
    expect(databaseUnavailableOf(undefined)).toBeNull();
  });

  it("reaches an OAuth client of the provider's endpoints as JSON, never the driver's words", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { res, headers } = recordingResponse();
    const req = { url: "/.well-known/jwks.json", method: "GET", headers: {} } as unknown as http.IncomingMessage;
    await oidcHttpFailingWith(unreachable()).handle(req, res as unknown as http.ServerResponse);
    expect(res.statusCode).toBe(503);
    expect(headers.get("retry-after")).toBe("30");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(res.body)).toEqual({ error: "temporarily_unavailable", error_description: "The service is briefly unavailable. Please try again in a minute." });
  });

  it("leaves any other failure a 500 server_error without Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { res, headers } = recordingResponse();
    const req = { url: "/.well-known/jwks.json", method: "GET", headers: {} } as unknown as http.IncomingMessage;
    await oidcHttpFailingWith(new TypeError("x is undefined")).handle(req, res as unknown as http.ServerResponse);
    expect(res.statusCode).toBe(500);
    expect(headers.has("retry-after")).toBe(false);
    expect(JSON.parse(res.body)).toMatchObject({ error: "server_error" });
  });
});
