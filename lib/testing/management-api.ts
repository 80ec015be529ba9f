import { expect } from "vitest";
import { CLIENT_IP_HEADER, sealClientIp } from "@/lib/http";
import { createMachineClient, type ManagementScope } from "@/lib/management";
import { createUser, defaultConnection } from "@/lib/users";
import { testRequestContext } from "./context";
import * as tokenRoute from "@/app/oauth/token/route";

/** The PUBLIC_URL the Management API tests run under. */
export const API_BASE = "http://localhost:3000";

export type RouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response> | Response;

export type ApiRequestInit = { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; ip?: string };

/** A request as a client sends it: JSON for `body`, `raw` as is, from a test IP set the way server.ts sets it. */
export function apiRequest(path: string, init: ApiRequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set(CLIENT_IP_HEADER, sealClientIp(init.ip ?? testRequestContext().ip));
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers.set("content-type", "application/json");
  }
  return new Request(`${API_BASE}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

/** Calls a route handler of app/ directly, as Next would, and reads its answer. */
export async function callRoute(handler: RouteHandler, path: string, init: ApiRequestInit = {}, params: Record<string, string> = {}) {
  const response = await handler(apiRequest(path, init), { params: Promise.resolve(params) as Promise<never> });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // text/html answers
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> };
}

/** Every refusal of the Management API: Auth0's four fields, nothing of a stack trace. */
export function expectAuth0Error(res: { status: number; json: Record<string, unknown>; text: string }, status: number, errorCode?: string) {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String), ...(errorCode ? { errorCode } : {}) });
  expect(res.text).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
}

/** A new machine client holding `scopes`, and a token for all of them. */
export async function tokenFor(scopes: readonly ManagementScope[], name = "test") {
  const { client, clientSecret } = await createMachineClient({ name, scopes: [...scopes] }, { id: "admin", kind: "admin" }, testRequestContext());
  const res = await callRoute(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: client.id, client_secret: clientSecret, audience: `${API_BASE}/api/v2/` } });
  expect(res.status).toBe(200);
  return { token: res.json.access_token as string, clientId: client.id, clientSecret };
}

/** An address no test password shares a part with (the policy refuses personal info). */
export function uniqueEmail(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}@example.com`;
}

/** A user of the database connection, an admin when asked. */
export async function createTestUser(options: { role?: "admin" | "user"; name?: string } = {}) {
  return createUser(
    { email: uniqueEmail(options.role === "admin" ? "adm" : "usr"), password: "Zebra-Crossing-42", role: options.role, name: options.name },
    { connection: await defaultConnection(), ctx: testRequestContext() },
  );
}
