// The official Auth0 SDKs against Rekey: ManagementClient (auth0 v7) and AuthenticationClient
// (auth0/legacy, the v4 API the package still ships) speak HTTPS to a domain, so the app's route
// handlers are served over TLS on loopback with a certificate made for this run.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManagementClient, ManagementError } from "auth0";
import { AuthenticationClient } from "auth0/legacy";
import { prisma } from "@/lib/db";
import { createWorker } from "@/lib/jobs";
import { completePasswordReset } from "@/lib/reset";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { shutdownSandbox } from "@/lib/actions";
import { clearDiscoveryCache } from "@/lib/actions/discover";
import { createUser, defaultConnection, signInWithPassword } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { useAuth0SdkServer } from "@/lib/testing/auth0-sdk-server";
import type { RouteModule } from "@/lib/testing/route-server";
import * as tokenRoute from "@/app/oauth/token/route";
import * as changePasswordRoute from "@/app/dbconnections/change_password/route";
import * as usersRoute from "@/app/api/v2/users/route";
import * as userRoute from "@/app/api/v2/users/[id]/route";
import * as methodsRoute from "@/app/api/v2/users/[id]/authentication-methods/route";
import * as byEmailRoute from "@/app/api/v2/users-by-email/route";
import * as ticketRoute from "@/app/api/v2/tickets/password-change/route";
import * as logsRoute from "@/app/api/v2/logs/route";
import * as unknownRoute from "@/app/api/v2/[...path]/route";
import * as confirmRoute from "@/app/reset/verify/confirm/route";
import { MANAGEMENT_SCOPES, revokeMachineClient } from ".";

const ROUTES: Array<[string, RouteModule]> = [
  ["/oauth/token", tokenRoute],
  ["/dbconnections/change_password", changePasswordRoute],
  ["/api/v2/users", usersRoute],
  ["/api/v2/users/[id]/authentication-methods", methodsRoute],
  ["/api/v2/users/[id]", userRoute],
  ["/api/v2/users-by-email", byEmailRoute],
  ["/api/v2/tickets/password-change", ticketRoute],
  ["/api/v2/logs", logsRoute],
  ["/api/v2/[...path]", unknownRoute as RouteModule],
  ["/reset/verify/confirm", confirmRoute],
];

const ACTION = `
exports.onExecutePostChangePassword = async (event) => {
  await fetch(event.secrets.RECEIVER + "/post-change", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user_id: event.user.user_id, email: event.user.email, connection: event.connection.name }),
  });
};`;

let tmp: string;
let receiver: http.Server;
let received: Array<{ user_id: string; email: string; connection: string }> = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-sdk-"));
  fs.mkdirSync(path.join(tmp, "actions", "post-change-password"), { recursive: true });
  fs.writeFileSync(path.join(tmp, "actions", "post-change-password", "10-notify.js"), ACTION);
  receiver = http.createServer((req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      received.push(JSON.parse(data));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  process.env.ACTION_SECRET_RECEIVER = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.ACTION_SECRET_RECEIVER;
  await shutdownSandbox();
  await new Promise((resolve) => receiver.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** An address sharing no part with the test passwords (the policy refuses personal info). */
function uniqueEmail() {
  return `u${Math.random().toString(36).slice(2, 10)}@example.com`;
}

/** Runs every due job (emails, post-change-password deliveries) as the worker does. */
async function drainJobs() {
  const worker = createWorker({ handlers: jobHandlers(), workerId: "sdk-test" });
  while ((await worker.runOnce()) > 0);
}

function errorBody(error: unknown): Record<string, unknown> {
  expect(error).toBeInstanceOf(ManagementError);
  return (error as ManagementError).body as Record<string, unknown>;
}

describe.each(testDatabaseKinds())("the official auth0 SDK against Rekey on %s", (kind) => {
  useTestDatabase(kind);
  const server = useAuth0SdkServer(ROUTES, () => ({ ACTIONS_DIR: path.join(tmp, "actions") }));
  let admin: { clientId: string; clientSecret: string };
  let management: ManagementClient;

  beforeAll(async () => {
    clearDiscoveryCache();
    ({ management, ...admin } = await server.managementClient(MANAGEMENT_SCOPES, "SDK test"));
  });

  it("creates, reads, searches and updates users, merging metadata like Auth0", async () => {
    const email = uniqueEmail();
    const created = await management.users.create({
      connection: "Username-Password-Authentication",
      email,
      password: "Sdk-Created-Pass-1",
      email_verified: true,
      name: "Ada Lovelace",
      user_metadata: { theme: "dark", lang: "en" },
      app_metadata: { plan: "pro" },
    });
    expect(created.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(created).toMatchObject({ email, email_verified: true, name: "Ada Lovelace", identities: [{ provider: "auth0", connection: "Username-Password-Authentication", isSocial: false }] });

    const fetched = await management.users.get(created.user_id!);
    expect(fetched.email).toBe(email);

    const page = await management.users.list({ q: `email:"${email}"`, search_engine: "v3", per_page: 10 });
    expect(page.data.map((u) => u.user_id)).toEqual([created.user_id]);
    expect(page.response).toMatchObject({ start: 0, limit: 10, length: 1, total: 1 });

    const byEmail = await management.users.listUsersByEmail({ email: email.toUpperCase() });
    expect(byEmail.map((u) => u.user_id)).toEqual([created.user_id]);

    const updated = await management.users.update(created.user_id!, { user_metadata: { lang: null, tz: "UTC" } as never, blocked: true });
    expect(updated.user_metadata).toEqual({ theme: "dark", tz: "UTC" });
    expect(updated.app_metadata).toEqual({ plan: "pro" });
    expect(updated.blocked).toBe(true);
  });

  it("answers a weak password with Auth0's PasswordStrengthError and writes nothing", async () => {
    const db = await prisma();
    const before = await db.user.count();
    const error = await management.users.create({ connection: "Username-Password-Authentication", email: "weak-sdk@example.com", password: "short" }).catch((e: unknown) => e);
    expect(errorBody(error)).toEqual({ statusCode: 400, error: "Bad Request", message: "PasswordStrengthError: Password is too weak", errorCode: "invalid_body" });
    expect((error as ManagementError).statusCode).toBe(400);
    expect(await db.user.count()).toBe(before);
  });

  it("sets a password with PATCH: sessions end, scp is logged, and the post-change-password Action runs", async () => {
    const user = await createUser({ email: uniqueEmail(), password: "Before-Patch-Pass-1" }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const db = await prisma();
    const sessionVersion = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    received = [];

    const weak = await management.users.update(`auth0|${user.id}`, { password: "abc", connection: "Username-Password-Authentication" }).catch((e: unknown) => e);
    expect(errorBody(weak)).toMatchObject({ statusCode: 400, message: "PasswordStrengthError: Password is too weak" });

    await management.users.update(`auth0|${user.id}`, { password: "After-Patch-Pass-2", connection: "Username-Password-Authentication" });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.sessionVersion).toBe(sessionVersion + 1);
    expect(await db.logEvent.findFirst({ where: { type: "scp", userId: user.id } })).toMatchObject({ details: { reason: "api", actor: admin.clientId } });
    expect(await db.logEvent.count({ where: { type: "sapi", userId: user.id, description: "Update a User" } })).toBe(1);
    await expect(signInWithPassword(user.email!, "After-Patch-Pass-2", testRequestContext())).resolves.toMatchObject({ id: user.id });

    await drainJobs();
    expect(received).toEqual([{ user_id: `auth0|${user.id}`, email: user.email, connection: "Username-Password-Authentication" }]);
  });

  it("makes a password-change ticket that completes a reset over HTTP, once", async () => {
    const user = await createUser({ email: uniqueEmail(), password: "Before-Ticket-Pass-1" }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { ticket } = await management.tickets.changePassword({ user_id: `auth0|${user.id}`, result_url: "https://app.example.com/welcome", ttl_sec: 600, mark_email_as_verified: true });
    expect(ticket).toMatch(new RegExp(`^${server.origin}/reset/verify\\?ticket=[A-Za-z0-9_-]{43}$`));
    const value = new URL(ticket!).searchParams.get("ticket")!;

    const confirm = () =>
      server.fetch(`${server.origin}/reset/verify/confirm`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.origin, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ticket: value }),
      });
    const first = await confirm();
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`${server.origin}/reset/password`);
    const cookie = /rekey_reset=([^;]+)/.exec(first.headers.getSetCookie().join(";"))?.[1];
    // The flow id and this browser's binding secret (lib/reset/cookie.ts).
    expect(decodeURIComponent(cookie ?? "")).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

    const second = await confirm();
    expect(second.headers.get("location")).toBe(`${server.origin}/reset/error?code=RESET_LINK_USED`);

    const done = await completePasswordReset(decodeURIComponent(cookie!), "After-Ticket-Pass-2", testRequestContext());
    expect(done.redirectTo).toBe("https://app.example.com/welcome");
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBe(true);
    await expect(signInWithPassword(user.email!, "After-Ticket-Pass-2", testRequestContext())).resolves.toMatchObject({ id: user.id });
  });

  it("sends the reset email through /dbconnections/change_password, with Auth0's answer for every address", async () => {
    const user = await createUser({ email: uniqueEmail(), password: "Change-Pass-Req-1" }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const auth = new AuthenticationClient({ ...server.sdkOptions, clientId: admin.clientId });
    const known = await auth.database.changePassword({ email: user.email!, connection: "Username-Password-Authentication" });
    const unknown = await auth.database.changePassword({ email: "nobody-sdk@example.com", connection: "Username-Password-Authentication" });
    expect(known.data).toBe("We've just sent you an email to reset your password.");
    expect(unknown.data).toBe(known.data);
    expect(known.headers.get("x-ratelimit-limit")).toBe("10");
    expect(Number(known.headers.get("x-ratelimit-remaining"))).toBe(9);
    expect(Number(known.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);

    await drainJobs();
    const db = await prisma();
    const mail = await db.mailMessage.findFirst({ where: { to: user.email! } });
    expect(mail?.text).toContain(`${server.origin}/reset/verify?ticket=`);
    expect(await db.mailMessage.count({ where: { to: "nobody-sdk@example.com" } })).toBe(0);

    const wrongConnection = await auth.database.changePassword({ email: user.email!, connection: "Other" }).catch((e: unknown) => e);
    expect(wrongConnection).toMatchObject({ statusCode: 400, error: "invalid_request", error_description: "connection not found" });
  });

  it("reads the tenant log and authentication methods, deletes a user, and answers an unknown one with 404", async () => {
    const user = await createUser({ email: uniqueEmail(), password: "Logs-Reader-Pass-1" }, { connection: await defaultConnection(), ctx: testRequestContext() });
    await management.users.update(`auth0|${user.id}`, { name: "Logged Change" });
    const logs = await management.logs.list({ search: `type:sapi AND user_id:"auth0|${user.id}"`, per_page: 5 });
    expect(logs.data).toHaveLength(1);
    expect(logs.data[0]).toMatchObject({ type: "sapi", description: "Update a User", user_id: `auth0|${user.id}`, client_id: admin.clientId, log_id: expect.stringMatching(/^90020/) });

    const methods = await management.users.authenticationMethods.list(`auth0|${user.id}`);
    expect(methods.data).toEqual([]);
    await management.users.authenticationMethods.deleteAll(`auth0|${user.id}`);

    await management.users.delete(`auth0|${user.id}`);
    const gone = await management.users.get(`auth0|${user.id}`).catch((e: unknown) => e);
    expect(errorBody(gone)).toEqual({ statusCode: 404, error: "Not Found", message: "The user does not exist.", errorCode: "inexistent_user" });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "sdu", userId: user.id } })).toBe(1);
  });

  // Regression: a client with update:users set the admin's password and took over the console.
  it("surfaces the refusal of a write to an admin as a ManagementError the SDK user can switch on", async () => {
    const adminUser = await createUser({ email: uniqueEmail(), password: "Admin-Guarded-Pass-1", role: "admin" }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { management: customers } = await server.managementClient(["update:users", "create:user_tickets"], "Customer sync");
    const message = "Insufficient scope, expected any of: update:admin_users. The user has the admin role.";
    const takeover = await customers.users.update(`auth0|${adminUser.id}`, { password: "Attacker-Chosen-Pass-1", connection: "Username-Password-Authentication" }).catch((e: unknown) => e);
    expect(errorBody(takeover)).toEqual({ statusCode: 403, error: "Forbidden", message, errorCode: "insufficient_scope" });
    const ticket = await customers.tickets.changePassword({ user_id: `auth0|${adminUser.id}` }).catch((e: unknown) => e);
    expect(errorBody(ticket)).toEqual({ statusCode: 403, error: "Forbidden", message, errorCode: "insufficient_scope" });
    // The client with every scope (update:admin_users among them) may.
    await expect(management.users.update(`auth0|${adminUser.id}`, { name: "Still Admin" })).resolves.toMatchObject({ name: "Still Admin" });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "mgmt_api_admin_write", userId: adminUser.id } })).toBe(3);
  });

  it("enforces scopes, refuses a revoked client at its next call, and refuses a wrong secret", async () => {
    const { management: limited, clientId: readerId } = await server.managementClient(["read:users"], "Reader");
    await expect(limited.users.list({ per_page: 1 })).resolves.toMatchObject({ data: [expect.objectContaining({ user_id: expect.stringMatching(/^auth0\|/) })] });
    const forbidden = await limited.users.create({ connection: "Username-Password-Authentication", email: "scope@example.com", password: "Scope-Pass-1234" }).catch((e: unknown) => e);
    expect(errorBody(forbidden)).toEqual({ statusCode: 403, error: "Forbidden", message: "Insufficient scope, expected any of: create:users", errorCode: "insufficient_scope" });

    await revokeMachineClient(readerId, { id: "test-admin" }, testRequestContext());
    const revoked = await limited.users.list({ per_page: 1 }).catch((e: unknown) => e);
    expect(errorBody(revoked)).toMatchObject({ statusCode: 401, error: "Unauthorized", message: "Invalid token" });

    const wrong = new ManagementClient({ ...server.sdkOptions, clientId: admin.clientId, clientSecret: "not-the-secret", maxRetries: 0 });
    const denied = await wrong.users.list().catch((e: unknown) => e);
    expect(errorBody(denied)).toEqual({ error: "access_denied", error_description: "Unauthorized" });

    const viaLegacy = new AuthenticationClient({ ...server.sdkOptions, clientId: admin.clientId, clientSecret: admin.clientSecret });
    const grant = await viaLegacy.oauth.clientCredentialsGrant({ audience: `${server.origin}/api/v2/` });
    expect(grant.data).toMatchObject({ token_type: "Bearer", expires_in: 86400, access_token: expect.any(String) });
    expect((grant.data as { scope?: string }).scope?.split(" ").sort()).toEqual([...MANAGEMENT_SCOPES].sort());
  });
});
