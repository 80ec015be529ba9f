import crypto from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { config, overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { createUser, defaultConnection } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import * as tokenRoute from "@/app/oauth/token/route";
import * as changePasswordRoute from "@/app/dbconnections/change_password/route";
import * as usersRoute from "@/app/api/v2/users/route";
import * as userRoute from "@/app/api/v2/users/[id]/route";
import * as methodsRoute from "@/app/api/v2/users/[id]/authentication-methods/route";
import * as methodRoute from "@/app/api/v2/users/[id]/authentication-methods/[methodId]/route";
import * as ticketRoute from "@/app/api/v2/tickets/password-change/route";
import * as logsRoute from "@/app/api/v2/logs/route";
import * as unknownRoute from "@/app/api/v2/[...path]/route";
import { API_BASE, callRoute, expectAuth0Error, tokenFor, type ApiRequestInit, type RouteHandler as Handler } from "@/lib/testing/management-api";
import { createMachineClient, MANAGEMENT_SCOPES, mergeMetadata, revokeMachineClient, seedMachineClient } from ".";

const BASE = API_BASE;
const ONE_MB = "x".repeat(1024 * 1024);
const call = callRoute;

async function newUser(password = "Plain-Strong-Pass-9") {
  return createUser({ email: `m${Math.random().toString(36).slice(2, 10)}@example.com`, password }, { connection: await defaultConnection(), ctx: testRequestContext() });
}

async function counts() {
  const db = await prisma();
  return { users: await db.user.count(), flows: await db.resetFlow.count(), jobs: await db.job.count() };
}

describe("mergeMetadata", () => {
  it("merges the first level, removes keys set to null, replaces nested objects", () => {
    expect(mergeMetadata({ a: 1, b: { c: 1, d: 2 }, e: 3 }, { a: 2, b: { c: 5 }, e: null, f: "new" })).toEqual({ a: 2, b: { c: 5 }, f: "new" });
    expect(mergeMetadata(null, { a: 1 })).toEqual({ a: 1 });
  });
});

describe.each(testDatabaseKinds())("the Management API on %s", (kind) => {
  useTestDatabase(kind);
  let all: Awaited<ReturnType<typeof tokenFor>>;

  beforeAll(async () => {
    overrideConfig({ PUBLIC_URL: BASE });
    all = await tokenFor(MANAGEMENT_SCOPES);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe("POST /oauth/token", () => {
    it("issues a 24 h HS256 token with the client's scopes, from a form and from HTTP Basic", async () => {
      const { client, clientSecret } = await createMachineClient({ name: "basic", scopes: ["read:users", "read:logs"] }, { id: "admin", kind: "admin" }, testRequestContext());
      const form = await call(tokenRoute.POST, "/oauth/token", {
        raw: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: clientSecret }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(form.json).toMatchObject({ token_type: "Bearer", expires_in: 86400, scope: "read:users read:logs" });
      expect(form.headers.get("cache-control")).toBe("no-store");
      const [header, payload, signature] = (form.json.access_token as string).split(".");
      expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
      // Wire-compatible with the tokens of the hand-written codec jose replaced: the same bytes
      // signed with HMAC-SHA256 under the key derived from AUTH_SECRET, so tokens issued before stay valid.
      const key = Buffer.from(crypto.hkdfSync("sha256", config().AUTH_SECRET, "rekey", "management-api-access-token", 32));
      expect(signature).toBe(crypto.createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url"));
      expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({
        iss: `${BASE}/`,
        aud: `${BASE}/api/v2/`,
        sub: `${client.id}@clients`,
        azp: client.id,
        gty: "client-credentials",
        scope: "read:users read:logs",
      });

      const basic = await call(tokenRoute.POST, "/oauth/token", {
        body: { grant_type: "client_credentials", scope: "read:logs" },
        headers: { authorization: `Basic ${Buffer.from(`${client.id}:${clientSecret}`).toString("base64")}` },
      });
      expect(basic.json).toMatchObject({ scope: "read:logs" });
      const db = await prisma();
      expect(await db.logEvent.count({ where: { type: "seccft" } })).toBeGreaterThanOrEqual(2);
    });

    it("refuses bad grants in Auth0's OAuth error shape", async () => {
      const cases: Array<[ApiRequestInit, number, Record<string, string>]> = [
        [{ body: {} }, 400, { error: "invalid_request", error_description: "Missing required parameter: grant_type" }],
        [{ body: { grant_type: "password", username: "a", password: "b" } }, 400, { error: "unsupported_grant_type" }],
        [{ body: { grant_type: "client_credentials" } }, 400, { error: "invalid_request", error_description: "Missing required parameter: client_id" }],
        [{ body: { grant_type: "client_credentials", client_id: all.clientId, client_secret: "wrong" } }, 401, { error: "access_denied", error_description: "Unauthorized" }],
        [{ body: { grant_type: "client_credentials", client_id: "ünïcødé-☃", client_secret: "x" } }, 401, { error: "access_denied", error_description: "Unauthorized" }],
        [{ body: { grant_type: "client_credentials", client_id: all.clientId, client_secret: all.clientSecret, audience: "https://evil.example/api/v2/" } }, 403, { error: "access_denied" }],
        [{ body: { grant_type: "client_credentials", client_id: all.clientId, client_secret: all.clientSecret, scope: "read:users delete:everything" } }, 403, { error: "access_denied" }],
        [{ body: { grant_type: 42, client_id: ["a"] } }, 400, { error: "invalid_request" }],
        [{ raw: "{not json", headers: { "content-type": "application/json" } }, 400, { error: "invalid_request" }],
        [{ raw: ONE_MB, headers: { "content-type": "application/x-www-form-urlencoded" } }, 413, { error: "invalid_request" }],
        [{ raw: "<x/>", headers: { "content-type": "application/xml" } }, 415, { error: "invalid_request" }],
        [
          { body: { grant_type: "client_credentials", client_id: all.clientId }, headers: { authorization: `Basic ${Buffer.from(`${all.clientId}:${all.clientSecret}`).toString("base64")}` } },
          400,
          { error: "invalid_request" },
        ],
      ];
      for (const [init, status, body] of cases) {
        const res = await call(tokenRoute.POST, "/oauth/token", init);
        expect({ status: res.status, json: res.json }).toMatchObject({ status, json: body });
        expect(Object.keys(res.json).sort()).toEqual(["error", "error_description"]);
      }
    });

    it("limits exchanges per IP", async () => {
      const ip = testRequestContext().ip;
      let last;
      for (let i = 0; i < 31; i++) last = await call(tokenRoute.POST, "/oauth/token", { ip, body: { grant_type: "client_credentials", client_id: all.clientId, client_secret: "guess" } });
      expect(last!.status).toBe(429);
      expect(last!.json.error).toBe("too_many_requests");
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });

  describe("SEED_MACHINE_CLIENT", () => {
    it("creates the client, updates its secret and scopes on the next start, and leaves a revoked one revoked", async () => {
      const id = "seeded-client-1";
      const secret = "s".repeat(40);
      expect(await seedMachineClient(`${id}:${secret}:read:users,read:logs`)).toEqual({ clientId: id, created: true });
      const first = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: id, client_secret: secret } });
      expect(first.json.scope).toBe("read:users read:logs");

      const rotated = "r".repeat(40);
      expect(await seedMachineClient(`${id}:${rotated}:read:users`)).toEqual({ clientId: id, created: false });
      const old = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: id, client_secret: secret } });
      expect(old.status).toBe(401);
      const now = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: id, client_secret: rotated } });
      expect(now.json.scope).toBe("read:users");

      await revokeMachineClient(id, { id: "admin" }, testRequestContext());
      await seedMachineClient(`${id}:${rotated}:read:users`);
      const revoked = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: id, client_secret: rotated } });
      expect(revoked.status).toBe(401);
      await expect(seedMachineClient(`other-client:${rotated}:read:users,root:all`)).rejects.toMatchObject({ code: "CONFIGURATION" });
    });
  });

  describe("bearer tokens", () => {
    it("answers a missing or bad token with Auth0's 401s, and logs nothing for an unauthenticated caller", async () => {
      const db = await prisma();
      const before = await db.logEvent.count({ where: { type: "fapi" } });
      const missing = await call(usersRoute.GET, "/api/v2/users");
      expect(missing.json).toEqual({ statusCode: 401, error: "Unauthorized", message: "Missing authentication" });
      const [h, p] = all.token.split(".");
      const forged = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ scope: "read:users", azp: "x" })).toString("base64url")}.${all.token.split(".")[2]}`;
      for (const token of ["garbage", forged, tampered, `${all.token}x`, "a.b.c.d"]) {
        const res = await call(usersRoute.GET, "/api/v2/users", { token });
        expect(res.json).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token", attributes: { error: "Invalid token" } });
      }
      expect(await db.logEvent.count({ where: { type: "fapi" } })).toBe(before);
    });

    it("records a client's use at most once a minute, without marking the application as changed", async () => {
      const used = await tokenFor(["read:users"], "usage");
      const db = await prisma();
      const before = await db.application.findUniqueOrThrow({ where: { id: used.clientId } });
      await call(usersRoute.GET, "/api/v2/users", { token: used.token });
      const after = await db.application.findUniqueOrThrow({ where: { id: used.clientId } });
      expect(after.lastUsedAt).not.toBeNull();
      expect(after.updatedAt).toEqual(before.updatedAt);
      await call(usersRoute.GET, "/api/v2/users", { token: used.token });
      expect((await db.application.findUniqueOrThrow({ where: { id: used.clientId } })).lastUsedAt).toEqual(after.lastUsedAt);
    });

    it("refuses an expired token and one issued for another audience", async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 24 * 3600 * 1000 + 1000 });
      const expired = await call(usersRoute.GET, "/api/v2/users", { token: all.token });
      expect(expired.json.message).toBe("Invalid token");
      vi.useRealTimers();
      overrideConfig({ PUBLIC_URL: "http://elsewhere.example" });
      try {
        const other = await call(usersRoute.GET, "/api/v2/users", { token: all.token });
        expect(other.json.message).toBe("Invalid token");
      } finally {
        overrideConfig({ PUBLIC_URL: BASE });
      }
    });

    it("refuses a missing scope with 403 insufficient_scope and logs fapi for the known client", async () => {
      const reader = await tokenFor(["read:logs"]);
      const res = await call(usersRoute.GET, "/api/v2/users", { token: reader.token });
      expect(res.json).toEqual({ statusCode: 403, error: "Forbidden", message: "Insufficient scope, expected any of: read:users", errorCode: "insufficient_scope" });
      const db = await prisma();
      const log = await db.logEvent.findFirst({ where: { type: "fapi" }, orderBy: { date: "desc" } });
      expect(log).toMatchObject({ description: "Insufficient scope, expected any of: read:users", details: { client_id: reader.clientId, response: { statusCode: 403 } } });
    });
  });

  describe("users", () => {
    it("refuses hostile bodies on POST /users with Auth0's 400s and writes nothing", async () => {
      const before = await counts();
      const valid = { connection: "Username-Password-Authentication", email: "hostile@example.com", password: "Hostile-Strong-77" };
      const cases: Array<[ApiRequestInit, number, string | undefined, RegExp?]> = [
        [{ body: {} }, 400, "invalid_body", /Missing required property: connection/],
        [{ body: { ...valid, email: undefined } }, 400, "invalid_body", /Missing required property: email/],
        [{ body: { ...valid, email_verified: "yes" } }, 400, "invalid_body", /Expected type boolean but found type string' on property email_verified/],
        [{ body: { ...valid, role: "admin" } }, 400, "invalid_body", /Additional properties not allowed: role/],
        [{ body: { ...valid, email: "ünï@例え.jp\u0000" } }, 400, "invalid_body"],
        [{ body: { ...valid, app_metadata: { blob: "y".repeat(20_000) } } }, 400, "invalid_body"],
        [{ body: { ...valid, connection: "Other-DB" } }, 400, "inexistent_connection"],
        [{ body: [valid] }, 400, "invalid_body"],
        [{ raw: "{", headers: { "content-type": "application/json" } }, 400, "invalid_body", /Invalid request payload JSON format/],
        [{ raw: JSON.stringify({ ...valid, name: ONE_MB }), headers: { "content-type": "application/json" } }, 413, undefined],
      ];
      for (const [init, status, errorCode, message] of cases) {
        const res = await call(usersRoute.POST, "/api/v2/users", { ...init, token: all.token });
        expectAuth0Error(res, status, errorCode);
        if (message) expect(res.json.message).toMatch(message);
      }
      expect(await counts()).toEqual(before);
    });

    it("creates a user with unicode in the profile, then refuses the same email with 409", async () => {
      const body = { connection: "Username-Password-Authentication", email: "unicode-profile@example.com", password: "Quartz-Lamp-Pass-77", name: "Zoë Ångström 李", user_metadata: { city: "Zürich" } };
      const created = await call(usersRoute.POST, "/api/v2/users", { token: all.token, body });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ email: "unicode-profile@example.com", name: "Zoë Ångström 李", user_metadata: { city: "Zürich" } });
      const again = await call(usersRoute.POST, "/api/v2/users", { token: all.token, body: { ...body, email: "Unicode-Profile@EXAMPLE.com" } });
      expectAuth0Error(again, 409, "auth0_idp_error");
    });

    it("refuses hostile PATCH bodies, unknown users and keeps a refused password change from changing anything", async () => {
      const user = await newUser();
      const id = `auth0|${user.id}`;
      const patch = (body: unknown, raw?: string, userId = id) =>
        call(userRoute.PATCH, `/api/v2/users/${encodeURIComponent(userId)}`, { method: "PATCH", token: all.token, body: raw === undefined ? body : undefined, raw, headers: raw ? { "content-type": "application/json" } : {} }, { id: userId });
      expectAuth0Error(await patch({}), 400, "invalid_body");
      expectAuth0Error(await patch({ blocked: "true" }), 400, "invalid_body");
      expectAuth0Error(await patch({ is_admin: true }), 400, "invalid_body");
      expectAuth0Error(await patch({ username: "newname" }), 400, "operation_not_supported");
      expectAuth0Error(await patch(undefined, JSON.stringify({ name: ONE_MB })), 413);
      expectAuth0Error(await patch({ name: "x" }, undefined, "auth0|ffffffffffffffffffffffff"), 404, "inexistent_user");
      expectAuth0Error(await patch({ name: "x" }, undefined, "../../etc/passwd"), 404, "inexistent_user");

      const refused = await patch({ password: "weak", name: "Should Not Stick", connection: "Username-Password-Authentication" });
      expect(refused.json).toEqual({ statusCode: 400, error: "Bad Request", message: "PasswordStrengthError: Password is too weak", errorCode: "invalid_body" });
      const db = await prisma();
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.name).toBeNull();
      expect(row.passwordVersion).toBe(user.passwordVersion);

      const other = await newUser();
      const taken = await patch({ password: "Another-Strong-88", email: other.email });
      expectAuth0Error(taken, 400, "auth0_idp_error");
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordVersion).toBe(user.passwordVersion);
    });

    it("blocks through PATCH, which ends the user's sessions", async () => {
      const user = await newUser();
      const res = await call(userRoute.PATCH, "/api/v2/users/x", { method: "PATCH", token: all.token, body: { blocked: true } }, { id: user.id });
      expect(res.json).toMatchObject({ blocked: true });
      const db = await prisma();
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion + 1);
    });

    it("lists with search, sort, fields and paging, and refuses what it does not support", async () => {
      const user = await newUser();
      const list = (query: string) => call(usersRoute.GET, `/api/v2/users?${query}`, { token: all.token });
      const found = await list(`q=${encodeURIComponent(`email:"${user.email}"`)}&fields=user_id,email&include_totals=true`);
      expect(found.json).toEqual({ start: 0, limit: 50, length: 1, total: 1, users: [{ user_id: `auth0|${user.id}`, email: user.email }] });
      const prefix = await list(`q=${encodeURIComponent(`email:${user.email!.slice(0, 6)}*`)}`);
      expect((prefix.json as unknown as Array<{ user_id: string }>).map((u) => u.user_id)).toContain(`auth0|${user.id}`);
      for (const [query, code] of [
        ["q=email:a OR email:b", "invalid_query_string"],
        ["q=(email:a)", "invalid_query_string"],
        ["q=app_metadata.plan:pro", "invalid_query_string"],
        ["sort=password:1", "invalid_query_string"],
        ["per_page=101", "invalid_query_string"],
        ["per_page=abc", "invalid_query_string"],
        ["page=10&per_page=100", "invalid_paging"],
        ["page=1&page=2", "invalid_query_string"],
        [`q=${"x".repeat(3000)}`, "invalid_query_string"],
      ] as const) {
        expectAuth0Error(await list(query.replace(/ /g, "%20")), 400, code);
      }
    });
  });

  describe("POST /tickets/password-change", () => {
    it("refuses hostile bodies and writes no flow", async () => {
      const user = await newUser();
      const before = await counts();
      const cases: Array<[unknown, number, string?]> = [
        [{}, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, email: user.email, connection_id: "con_x" }, 400, "invalid_body"],
        [{ email: user.email }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, ttl_sec: -1 }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, ttl_sec: "600" }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, ttl_sec: 10 ** 9 }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, result_url: "javascript:alert(1)" }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, result_url: "/relative" }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, organization_id: "org_1" }, 400, "invalid_body"],
        [{ user_id: `auth0|${user.id}`, client_id: "<script>" }, 400, "invalid_body"],
        [{ email: user.email, connection_id: "con_nope" }, 400, "inexistent_connection"],
        [{ user_id: "auth0|ffffffffffffffffffffffff" }, 404, "inexistent_user"],
        [{ email: "nobody-ticket@example.com", connection_id: (await defaultConnection()).id }, 404, "inexistent_user"],
        [{ user_id: `auth0|${user.id}`, result_url: `https://x.example/${ONE_MB}` }, 413],
      ];
      for (const [body, status, errorCode] of cases) expectAuth0Error(await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: all.token, body }), status, errorCode);
      expect(await counts()).toEqual(before);
    });

    it("makes a ticket by email and connection_id that supersedes the user's earlier unused link", async () => {
      const user = await newUser();
      const connection = await defaultConnection();
      const first = await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: all.token, body: { user_id: user.id } });
      const second = await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: all.token, body: { email: user.email!.toUpperCase(), connection_id: connection.id, ttl_sec: 0 } });
      expect(second.status).toBe(201);
      expect(second.json.ticket).toMatch(/^http:\/\/localhost:3000\/reset\/verify\?ticket=[A-Za-z0-9_-]{43}$/);
      const db = await prisma();
      const flows = await db.resetFlow.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
      expect(flows.map((f) => [f.source, f.state, f.failureReason])).toEqual([["ticket", "expired", "superseded"], ["ticket", "link_sent", null]]);
      // ttl_sec 0 means Auth0's default of five days.
      expect(flows[1]!.ticketExpiresAt!.getTime() - flows[1]!.createdAt.getTime()).toBeGreaterThan(432_000_000 - 60_000);
      expect(first.json.ticket).not.toBe(second.json.ticket);
      expect(JSON.stringify(flows)).not.toContain(new URL(second.json.ticket as string).searchParams.get("ticket"));
    });
  });

  describe("logs and authentication methods", () => {
    it("refuses unsupported log searches and paging past 1000", async () => {
      for (const [query, code] of [
        ["q=description:foo", "invalid_query_string"],
        ["q=type:nope", "invalid_query_string"],
        ["per_page=500", "invalid_query_string"],
        ["page=20&per_page=50", "invalid_paging"],
        ["sort=ip:1", "invalid_query_string"],
      ] as const) {
        expectAuth0Error(await call(logsRoute.GET, `/api/v2/logs?${query}`, { token: all.token }), 400, code);
      }
      const ok = await call(logsRoute.GET, "/api/v2/logs?q=type:seccft&per_page=2&include_totals=true", { token: all.token });
      expect(ok.json).toMatchObject({ start: 0, limit: 2, logs: [expect.objectContaining({ type: "seccft" }), expect.objectContaining({ type: "seccft" })] });
    });

    it("lists factors in Auth0's shape and deletes one, then all with the recovery codes", async () => {
      const user = await newUser();
      const db = await prisma();
      const totp = await db.factor.create({ data: { userId: user.id, type: "otp", name: "Phone app", confirmedAt: new Date() } });
      await db.factor.create({ data: { userId: user.id, type: "phone", name: "Work phone", address: "+41790000000", confirmedAt: new Date() } });
      await db.factor.create({ data: { userId: user.id, type: "recovery-code", name: "Recovery codes", confirmedAt: new Date() } });
      await db.recoveryCode.create({ data: { userId: user.id, codeHash: "h" } });

      const listed = await call(methodsRoute.GET, "/api/v2/users/x/authentication-methods?include_totals=true", { token: all.token }, { id: user.id });
      expect(listed.json).toMatchObject({ start: 0, limit: 50, total: 3 });
      expect((listed.json.authenticators as unknown[])[0]).toMatchObject({ id: `totp|${totp.id}`, type: "totp", confirmed: true, name: "Phone app" });
      expect((listed.json.authenticators as unknown[])[1]).toMatchObject({ type: "phone", phone_number: "+41790000000", preferred_authentication_method: "sms" });

      const one = await call(methodRoute.DELETE, "/x", { method: "DELETE", token: all.token }, { id: user.id, methodId: `totp|${totp.id}` });
      expect(one.status).toBe(204);
      expectAuth0Error(await call(methodRoute.DELETE, "/x", { method: "DELETE", token: all.token }, { id: user.id, methodId: `totp|${totp.id}` }), 404);
      expectAuth0Error(await call(methodRoute.DELETE, "/x", { method: "DELETE", token: all.token }, { id: user.id, methodId: "💥".repeat(100) }), 404);

      const everything = await call(methodsRoute.DELETE, "/x", { method: "DELETE", token: all.token }, { id: user.id });
      expect(everything.status).toBe(204);
      expect(await db.factor.count({ where: { userId: user.id } })).toBe(0);
      expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
      expect(await db.logEvent.count({ where: { type: "gd_unenroll", userId: user.id } })).toBe(2);
    });

    it("answers unknown Management API paths with a JSON 404", async () => {
      const res = await call(unknownRoute.GET as Handler, "/api/v2/clients");
      expect(res.json).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
    });
  });

  describe("POST /dbconnections/change_password", () => {
    const connection = "Username-Password-Authentication";

    it("refuses hostile input in the Authentication API's shape and writes nothing", async () => {
      const before = await counts();
      const cases: Array<[ApiRequestInit, number, string]> = [
        [{ body: {} }, 400, "invalid_request"],
        [{ body: { connection } }, 400, "invalid_request"],
        [{ body: { email: "a@example.com" } }, 400, "invalid_request"],
        [{ body: { email: 12, connection } }, 400, "invalid_request"],
        [{ body: { email: "not-an-email", connection } }, 400, "invalid_request"],
        [{ body: { email: "ü@例え.jp\u202e", connection } }, 400, "invalid_request"],
        [{ body: { email: "a@example.com", connection: "Nope" } }, 400, "invalid_request"],
        [{ raw: ONE_MB, headers: { "content-type": "application/json" } }, 413, "invalid_request"],
      ];
      for (const [init, status, error] of cases) {
        const res = await call(changePasswordRoute.POST, "/dbconnections/change_password", init);
        expect({ status: res.status, error: res.json?.error }).toEqual({ status, error });
        expect(res.text).not.toMatch(/at .*\.ts:\d+/);
      }
      expect(await counts()).toEqual(before);
    });

    it("answers every address alike and limits one IP and address to a burst of 10 with Auth0's headers", async () => {
      const user = await newUser();
      const ip = testRequestContext().ip;
      const ask = (email: string) => call(changePasswordRoute.POST, "/dbconnections/change_password", { ip, body: { client_id: "abc", email, connection } });
      const known = await ask(user.email!);
      const unknown = await ask("ghost-user@example.com");
      expect(known.status).toBe(200);
      expect(known.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(known.text).toBe("We've just sent you an email to reset your password.");
      expect(unknown.text).toBe(known.text);
      for (let i = 0; i < 9; i++) await ask(user.email!);
      const before = await counts();
      const limited = await ask(user.email!);
      expect(limited.status).toBe(429);
      expect(limited.json).toMatchObject({ error: "too_many_requests" });
      expect(limited.headers.get("x-ratelimit-limit")).toBe("10");
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
    });
  });
});
