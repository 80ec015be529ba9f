import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { createWorker, silentLogger } from "@/lib/jobs";
import { issueClientCredentialsToken } from "@/lib/management/token";
import { createMachineClient } from "@/lib/management/clients";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { createUser, defaultConnection, signUp } from "@/lib/users";
import { actionsPhoneProvider, runPostLogin, shutdownSandbox, type PhoneMessage, type PostLoginFacts } from ".";
import { clearDiscoveryCache } from "./discover";
import type { Trigger } from "./triggers";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-triggers-"));
  overrideConfig({ ACTIONS_DIR: root, TENANT_NAME: "acme-test" });
  clearDiscoveryCache();
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  overrideConfig({});
});
afterAll(() => shutdownSandbox());

function put(trigger: Trigger, name: string, source: string) {
  fs.mkdirSync(path.join(root, trigger), { recursive: true });
  fs.writeFileSync(path.join(root, trigger, name), source);
  clearDiscoveryCache();
}

const email = () => `t${Math.random().toString(36).slice(2, 10)}@example.com`;

async function newUser() {
  return createUser({ email: email(), password: "Zebra-Crossing-42" }, { connection: await defaultConnection(), ctx: testRequestContext() });
}

async function loginFacts(): Promise<Omit<PostLoginFacts, "secrets">> {
  const user = await newUser();
  const connection = await defaultConnection();
  return {
    user,
    connection: { id: connection.id, name: connection.name },
    enrolledFactors: [],
    client: { id: "app-1", name: "App One" },
    request: { ip: "203.0.113.7", hostname: "localhost", method: "GET", query: {}, body: {} },
    transaction: { id: "tx-1", protocol: "oidc-basic-profile", requestedScopes: ["openid"], uiLocales: [], acrValues: [] },
    methods: [{ name: "pwd", at: new Date() }],
  };
}

async function drainJobs() {
  const worker = createWorker({ handlers: jobHandlers(), workerId: "triggers-test", logger: silentLogger, backoff: { baseSeconds: 0 } });
  while ((await worker.runOnce()) > 0);
}

describe.each(testDatabaseKinds())("Actions triggers on %s", (kind) => {
  useTestDatabase(kind);

  it("post-login: claims, metadata visible to later Actions and written once, protected claims ignored, in file order", async () => {
    put(
      "post-login",
      "10-claims.js",
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim("https://acme.example/plan", event.user.app_metadata.plan || "free");
        api.idToken.setCustomClaim("sub", "forged").idToken.setCustomClaim("email", "forged@example.com");
        api.accessToken.setCustomClaim("https://acme.example/client", event.client.client_id);
        api.user.setAppMetadata("plan", "gold");
      };`,
    );
    put(
      "post-login",
      "20-sees.js",
      `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("seen_plan", event.user.app_metadata.plan); };`,
    );
    const facts = await loginFacts();
    const outcome = await runPostLogin({ facts, deliveryId: "sign-in-1" });
    expect(outcome).toMatchObject({
      kind: "completed",
      changes: {
        idTokenClaims: { "https://acme.example/plan": "free", seen_plan: "gold" },
        accessTokenClaims: { "https://acme.example/client": "app-1" },
        appMetadata: [{ name: "plan", value: "gold" }],
        ignoredClaims: ["id_token:sub", "id_token:email"],
      },
    });
    // The runtime only reports the writes: the sign-in applies them once (lib/oidc/post-login.ts).
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: facts.user.id } })).appMetadata).toEqual({});
    const executions = await db.actionExecution.findMany({ where: { deliveryId: "sign-in-1" }, orderBy: { startedAt: "asc" } });
    expect(executions.map((e) => [e.trigger, e.actionName, e.status])).toEqual([
      ["post-login", "10-claims.js", "succeeded"],
      ["post-login", "20-sees.js", "succeeded"],
    ]);
  });

  it("post-login: a deny stops the pipeline; a redirect suspends and resumes in onContinuePostLogin, then the rest run", async () => {
    put(
      "post-login",
      "10-verify.js",
      `exports.onExecutePostLogin = async (event, api) => {
        const token = api.redirect.encodeToken({ secret: "s3cret-value-123", payload: { continue_uri: "https://localhost/continue" } });
        api.redirect.sendUserTo("https://verify.example.com/", { query: { session_token: token } });
      };
      exports.onContinuePostLogin = async (event, api) => {
        const payload = api.redirect.validateToken({ secret: "s3cret-value-123", tokenParameterName: "verified" });
        api.idToken.setCustomClaim("verified_by", payload.who);
      };`,
    );
    put("post-login", "20-deny.js", `exports.onExecutePostLogin = async (event, api) => { if (event.client.client_id === "blocked-app") api.access.deny("Not for you."); };`);
    put("post-login", "30-after.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("last", true); };`);
    const facts = await loginFacts();

    const first = await runPostLogin({ facts, deliveryId: "sign-in-2" });
    expect(first.kind).toBe("redirect");
    if (first.kind !== "redirect") return;
    expect(first.url).toMatch(/^https:\/\/verify\.example\.com\/\?session_token=/);
    expect(first.progress.done).toEqual(["10-verify.js"]);

    // The external site answers with its own token (signed with the shared secret) and the state.
    const { signHs256 } = (await import("node:module")).createRequire(import.meta.url)("./sandbox/worker/jwt.cjs") as { signHs256: (p: object, s: string) => string };
    const now = Math.floor(Date.now() / 1000);
    const verified = signHs256({ sub: `auth0|${facts.user.id}`, state: "st4te", who: "verifier", iat: now, exp: now + 60 }, "s3cret-value-123");
    const resumed = await runPostLogin({ facts, deliveryId: "sign-in-2", progress: first.progress, resume: { action: "10-verify.js", params: { query: { state: "st4te", verified }, body: {} } } });
    expect(resumed).toMatchObject({ kind: "completed", changes: { idTokenClaims: { verified_by: "verifier", last: true } } });

    const denied = await runPostLogin({
      facts: { ...facts, client: { id: "blocked-app", name: "Blocked" } },
      deliveryId: "sign-in-3",
      progress: { done: ["10-verify.js"], changes: first.progress.changes },
    });
    expect(denied).toMatchObject({ kind: "denied", action: "20-deny.js", reason: "Not for you.", revokeSession: false });
    const db = await prisma();
    expect((await db.actionExecution.findMany({ where: { deliveryId: "sign-in-3" } })).map((e) => e.actionName)).toEqual(["20-deny.js"]);
  });

  it("post-login: a throwing Action fails closed; multifactor.enable is reported for the factor step", async () => {
    put("post-login", "10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { if (event.client.client_id === "mfa-app") api.multifactor.enable("any", { allowRememberBrowser: false }); };`);
    const facts = await loginFacts();
    expect(await runPostLogin({ facts: { ...facts, client: { id: "mfa-app", name: "MFA" } }, deliveryId: "s-4" })).toMatchObject({
      kind: "completed",
      changes: { multifactor: { provider: "any", allowRememberBrowser: false } },
    });
    const other = await runPostLogin({ facts, deliveryId: "s-5" });
    expect(other.kind === "completed" && other.changes).toMatchObject({ factorRequests: [] });
    expect(other.kind === "completed" && "multifactor" in other.changes).toBe(false);
    put("post-login", "20-broken.js", `exports.onExecutePostLogin = async () => { throw new Error("upstream down"); };`);
    expect(await runPostLogin({ facts, deliveryId: "s-6" })).toMatchObject({ kind: "failed", action: "20-broken.js", message: expect.stringContaining("upstream down") });
  });

  it("pre-user-registration: a deny refuses the sign-up with the Action's message; metadata is stored with the new user", async () => {
    put(
      "pre-user-registration",
      "10-domain.js",
      `exports.onExecutePreUserRegistration = async (event, api) => {
        if (event.user.email.endsWith("@blocked.example")) return api.access.deny("blocked_domain", "Sign-ups from this domain are not allowed.");
        api.user.setUserMetadata("signup_ip", event.request.ip);
        api.user.setAppMetadata("plan", "trial");
      };`,
    );
    await expect(signUp({ email: "someone@blocked.example", password: "Zebra-Crossing-42" }, testRequestContext())).rejects.toMatchObject({
      code: "SIGNUP_DENIED",
      message: "Sign-ups from this domain are not allowed.",
    });
    const db = await prisma();
    expect(await db.user.count({ where: { email: "someone@blocked.example" } })).toBe(0);

    const ctx = testRequestContext();
    const { id } = await signUp({ email: email(), password: "Zebra-Crossing-42" }, ctx);
    const user = await db.user.findUniqueOrThrow({ where: { id } });
    expect(user.appMetadata).toEqual({ plan: "trial" });
    expect(user.userMetadata).toEqual({ signup_ip: ctx.ip });
  });

  it("pre-user-registration: a failing Action refuses the sign-up (closed)", async () => {
    put("pre-user-registration", "10-broken.js", `exports.onExecutePreUserRegistration = async () => { throw new Error("down"); };`);
    const ctx = testRequestContext();
    const address = email();
    await expect(signUp({ email: address, password: "Zebra-Crossing-42" }, ctx)).rejects.toMatchObject({ code: "SIGNUP_FAILED" });
    // The failure's log line carries the request's context and the address typed.
    const db = await prisma();
    const logged = await db.logEvent.findFirstOrThrow({ where: { type: "actions_execution_failed", ip: ctx.ip } });
    expect(logged).toMatchObject({ userAgent: "vitest", userName: address, connectionId: expect.any(String), details: { trigger: "pre-user-registration" } });
  });

  it("post-user-registration: queued in the sign-up's transaction, delivered after it, retried until it succeeds", async () => {
    put(
      "post-user-registration",
      "10-welcome.js",
      `exports.onExecutePostUserRegistration = async (event) => {
        console.log("welcome " + event.user.email + " attempt " + event.delivery.attempt);
        if (event.delivery.attempt === 1) throw new Error("CRM unavailable");
      };`,
    );
    const { id } = await signUp({ email: email(), password: "Zebra-Crossing-42" }, testRequestContext());
    const db = await prisma();
    const job = await db.job.findFirstOrThrow({ where: { type: "user.registered.deliver", payload: { path: ["userId"], equals: id } } });
    await drainJobs();
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "succeeded", attempts: 2 });
    const executions = await db.actionExecution.findMany({ where: { deliveryId: job.id }, orderBy: { attempt: "asc" } });
    expect(executions.map((e) => [e.trigger, e.attempt, e.status])).toEqual([
      ["post-user-registration", 1, "failed"],
      ["post-user-registration", 2, "succeeded"],
    ]);
    expect(executions[1]!.logs).toMatch(/^welcome .+@example\.com attempt 2$/);
  });

  it("send-phone-message: with a file, it is the SMS provider and gets Auth0's message_options; without one, the configured provider sends", async () => {
    const user = await newUser();
    const sentByFallback: PhoneMessage[] = [];
    const provider = actionsPhoneProvider({ name: "fallback", send: async (m) => void sentByFallback.push(m) });
    const message: PhoneMessage = { to: "+14155550100", body: "123456 is your code", code: "123456", purpose: "enroll", userId: user.id };
    await provider.send(message, { id: "00000000-0000-4000-8000-000000000001", signal: new AbortController().signal });
    expect(sentByFallback).toHaveLength(1);

    put(
      "send-phone-message",
      "10-twilio.js",
      `exports.onExecuteSendPhoneMessage = async (event, api) => {
        const { recipient, text, code, action, message_type, language } = event.message_options;
        console.log(JSON.stringify({ recipient, text, code, action, message_type, language, user: event.user.user_id }));
      };`,
    );
    const id = "00000000-0000-4000-8000-000000000002";
    await provider.send(message, { id, signal: new AbortController().signal });
    expect(sentByFallback).toHaveLength(1);
    const db = await prisma();
    const [execution] = await db.actionExecution.findMany({ where: { deliveryId: id } });
    expect(JSON.parse(execution!.logs)).toEqual({
      recipient: "+14155550100",
      text: "123456 is your code",
      code: "123456",
      action: "enrollment",
      message_type: "sms",
      language: "en",
      user: `auth0|${user.id}`,
    });

    put("send-phone-message", "10-twilio.js", `exports.onExecuteSendPhoneMessage = async () => { throw new Error("Twilio 503"); };`);
    await expect(provider.send({ ...message, purpose: "sign-in" }, { id: "00000000-0000-4000-8000-000000000003", signal: new AbortController().signal })).rejects.toThrow(/Twilio 503/);
  });

  it("credentials-exchange: custom claims in the token, protected ones ignored, and a deny answers with the Action's OAuth error", async () => {
    const { client, clientSecret } = await createMachineClient({ name: "m2m", scopes: ["read:users", "update:users"] }, { id: "admin", kind: "admin" }, testRequestContext());
    put(
      "credentials-exchange",
      "10-claims.js",
      `exports.onExecuteCredentialsExchange = async (event, api) => {
        if (event.request.body.client_secret !== undefined) throw new Error("the secret reached the Action");
        if (event.transaction.requested_scopes.includes("update:users")) return api.access.deny("invalid_scope", "Not that scope.");
        api.accessToken.setCustomClaim("https://acme.example/tenant", event.tenant.id).accessToken.setCustomClaim("sub", "forged");
      };`,
    );
    const body = { grant_type: "client_credentials", client_id: client.id, client_secret: clientSecret, scope: "read:users" };
    const issued = await issueClientCredentialsToken(body, null, testRequestContext());
    const payload = JSON.parse(Buffer.from(issued.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ "https://acme.example/tenant": "acme-test", sub: `${client.id}@clients`, scope: "read:users" });

    await expect(issueClientCredentialsToken({ ...body, scope: "update:users" }, null, testRequestContext())).rejects.toMatchObject({
      status: 400,
      message: "Not that scope.",
      data: { oauthError: "invalid_scope" },
    });
    put("credentials-exchange", "10-claims.js", `exports.onExecuteCredentialsExchange = async (event, api) => { api.access.deny("invalid_request", "No tokens today."); };`);
    await expect(issueClientCredentialsToken(body, null, testRequestContext())).rejects.toMatchObject({ status: 400, message: "No tokens today.", data: { oauthError: "invalid_request" } });
    // A failing Action answers server_error; its log line carries the request's context.
    put("credentials-exchange", "10-claims.js", `exports.onExecuteCredentialsExchange = async () => { throw new Error("down"); };`);
    const ctx = testRequestContext();
    await expect(issueClientCredentialsToken(body, null, ctx)).rejects.toMatchObject({ data: { oauthError: "server_error" } });
    const db = await prisma();
    const logged = await db.logEvent.findFirstOrThrow({ where: { type: "actions_execution_failed", ip: ctx.ip } });
    expect(logged).toMatchObject({ userAgent: "vitest", details: { trigger: "credentials-exchange", client_id: client.id } });
  });
});
