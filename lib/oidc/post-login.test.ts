import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shutdownSandbox } from "@/lib/actions";
import { clearDiscoveryCache } from "@/lib/actions/discover";
import { createApplication, createResourceServer, setClientGrant } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { postLoginContinueBridge } from "@/lib/oidc-bridge";
import { testRequestContext } from "@/lib/testing/context";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { Secret, TOTP } from "otpauth";
import { sessionCookie } from "@/lib/auth";
import { confirmPassword } from "@/lib/factors";
import { loadProofStep, sendProofCode, signInEnrollment, type ProofInput } from "@/lib/pending-sign-in";
import { enrollAuthenticatorApp, lastCodeTo } from "@/lib/factors/testing/fixtures";
import { hashToken } from "@/lib/security";
import { createUser, defaultConnection, signInWithPassword, signInWithProof } from "@/lib/users";
import { TestBrowser } from "./testing/browser";
import { signedIn, startServer } from "./testing/provider-server";

const APP_ORIGIN = "http://localhost:3001";
const CALLBACK = `${APP_ORIGIN}/api/auth/callback/rekey`;

// Through the environment: the provider's server sets PUBLIC_URL with overrideConfig, which
// starts again from process.env, so the folder survives it.
const actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-oidc-post-login-"));
beforeAll(() => {
  process.env.ACTIONS_DIR = actionsDir;
});
beforeEach(() => {
  fs.rmSync(path.join(actionsDir, "post-login"), { recursive: true, force: true });
  fs.mkdirSync(path.join(actionsDir, "post-login"));
  clearDiscoveryCache();
});
afterAll(async () => {
  delete process.env.ACTIONS_DIR;
  fs.rmSync(actionsDir, { recursive: true, force: true });
  await shutdownSandbox();
});

function put(name: string, source: string) {
  fs.writeFileSync(path.join(actionsDir, "post-login", name), source);
  clearDiscoveryCache();
}

describe.each(testDatabaseKinds())("post-login Actions in the OpenID Provider's sign-in (%s)", (kind) => {
  useTestDatabase(kind);
  let server: Awaited<ReturnType<typeof startServer>>;
  let rp: client.Configuration;
  let clientId: string;

  beforeAll(async () => {
    server = await startServer();
    const { application, clientSecret } = await createApplication({ name: "Web app", app_type: "regular_web", callbacks: [CALLBACK] });
    clientId = application.id;
    rp = await client.discovery(new URL(server.issuer), application.id, undefined, client.ClientSecretPost(clientSecret!), { execute: [client.allowInsecureRequests] });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function newUser() {
    return createUser({ email: `pl-${Math.random().toString(36).slice(2, 10)}@example.com`, password: "Tulip-Marble-Orbit-42" }, { connection: await defaultConnection(), ctx: testRequestContext() });
  }

  /** A browser where `user` is signed in, and an authorization request of the application. */
  async function start(user: Awaited<ReturnType<typeof newUser>>, scope = "openid profile email") {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const verifier = client.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope,
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    return { browser, url, checks };
  }

  /** Signs `user` in and starts an authorization; follows it until it leaves for the application's origin. */
  async function authorize(user: Awaited<ReturnType<typeof newUser>>, scope?: string) {
    const { browser, url, checks } = await start(user, scope);
    const result = await browser.follow(url, APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href} (${result.page.status}): ${await result.page.text()}`);
    return { browser, at: result.stoppedAt, checks };
  }

  it("puts the ID token and access token claims in the application's tokens, ignores protected ones, writes metadata once", async () => {
    put(
      "10-claims.js",
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim("https://acme.example/roles", ["reader"]).idToken.setCustomClaim("nonce", "forged").idToken.setCustomClaim("email", "forged@example.com");
        api.accessToken.setCustomClaim("https://acme.example/app", event.client.client_id);
        api.user.setUserMetadata("last_app", event.client.name);
        console.log(event.transaction.protocol + " " + event.transaction.redirect_uri + " " + event.authentication.methods[0].name);
      };`,
    );
    const user = await newUser();
    const { at, checks } = await authorize(user);
    expect(at.href.startsWith(CALLBACK)).toBe(true);
    const tokens = await client.authorizationCodeGrant(rp, at, checks);
    const claims = tokens.claims()!;
    expect(claims["https://acme.example/roles"]).toEqual(["reader"]);
    expect(claims.email).toBe(user.email);
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).userMetadata).toEqual({ last_app: "Web app" });
    const [execution] = await db.actionExecution.findMany({ where: { trigger: "post-login", userId: user.id } });
    expect(execution!.logs).toBe(`oidc-basic-profile ${CALLBACK} pwd`);
    const introspected = await server.provider().AccessToken.find(tokens.access_token);
    expect(introspected?.extra).toMatchObject({ "https://acme.example/app": clientId });
  });

  it("Actions that neither redirect nor ask for a factor run inside the sign-in's interaction: no extra round trip", async () => {
    const without = await authorize(await newUser());
    put("10-noop.js", `exports.onExecutePostLogin = async () => {};`);
    const user = await newUser();
    const withAction = await authorize(user);
    expect(withAction.at.searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    const paths = (b: TestBrowser) => b.requested.map((u) => u.pathname.replace(/\/(interaction|authorize)\/[\w-]+/, "/$1/<uid>"));
    expect(paths(withAction.browser)).toEqual(paths(without.browser));
    const db = await prisma();
    expect(await db.actionExecution.count({ where: { trigger: "post-login", userId: user.id } })).toBe(1);
  });

  it("a deny reaches the application as access_denied with the Action's reason; no code is issued", async () => {
    put("10-deny.js", `exports.onExecutePostLogin = async (event, api) => { api.access.deny("Not during maintenance."); };`);
    const { at } = await authorize(await newUser());
    expect(at.searchParams.get("error")).toBe("access_denied");
    expect(at.searchParams.get("error_description")).toBe("Not during maintenance.");
    expect(at.searchParams.get("code")).toBeNull();
  });

  it("accessToken.addScope and removeScope change the access token's scope: the API's JWT, the token response, an opaque token", async () => {
    const API = "https://scoped.example/api";
    await createResourceServer({ identifier: API, name: "Scoped", scopes: [{ value: "read:things", description: "" }, { value: "write:things", description: "" }] });
    await setClientGrant(clientId, API, ["read:things"]);
    put(
      "10-scopes.js",
      `exports.onExecutePostLogin = async (event, api) => {
        api.accessToken.addScope("write:things").accessToken.addScope("audit:things");
        api.accessToken.removeScope("read:things");
        api.accessToken.removeScope("audit:things");
      };`,
    );
    const user = await newUser();
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const verifier = client.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState() };
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: "openid read:things", audience: API, state: checks.expectedState, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" });
    const result = await browser.follow(url, APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
    const tokens = await client.authorizationCodeGrant(rp, result.stoppedAt, checks);
    const keys = createLocalJWKSet((await (await fetch(`${server.origin}/.well-known/jwks.json`)).json()) as never);
    const { payload } = await jwtVerify(tokens.access_token, keys, { issuer: server.issuer, audience: API });
    expect(String(payload.scope).split(" ")).toEqual(["write:things"]);
    expect(tokens.scope?.split(" ")).toContain("write:things");
    expect(tokens.scope?.split(" ")).not.toContain("read:things");

    // Without an audience: the userinfo token (opaque) carries the same change.
    put("10-scopes.js", `exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope("read:extra"); api.accessToken.removeScope("email"); };`);
    const plain = await authorize(await newUser());
    const plainTokens = await client.authorizationCodeGrant(rp, plain.at, plain.checks);
    const stored = await server.provider().AccessToken.find(plainTokens.access_token);
    expect(stored?.scope?.split(" ").sort()).toEqual(["openid", "profile", "read:extra"]);
  });

  /** A prompt=none authorization in `browser` (signed in, grant made): where it leaves for the application, and its checks. */
  async function silently(browser: TestBrowser) {
    const verifier = client.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState() };
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: "openid profile email", prompt: "none", state: checks.expectedState, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" });
    const result = await browser.follow(url, APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href} (${result.page.status})`);
    return { at: result.stoppedAt, checks };
  }

  it("prompt=none runs the Actions too (Auth0's silent authentication): claims in the tokens, a deny or a failure is the application's error, a redirect or a factor is interaction_required", async () => {
    put("10-claim.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://acme.example/silent", event.transaction.prompt ?? []); };`);
    const user = await newUser();
    const { browser } = await authorize(user);
    const db = await prisma();
    const runs = () => db.actionExecution.count({ where: { trigger: "post-login", userId: user.id } });
    expect(await runs()).toBe(1);

    const silent = await silently(browser);
    expect(silent.at.searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    const tokens = await client.authorizationCodeGrant(rp, silent.at, silent.checks);
    expect(tokens.claims()!["https://acme.example/silent"]).toEqual(["none"]);
    expect(await runs()).toBe(2);

    const answers: Record<string, [string, string | null]> = {
      "api.access.deny(\"Not from here.\")": ["access_denied", "Not from here."],
      "throw new Error(\"boom\")": ["server_error", "The sign-in could not be completed because of an error on our side."],
      "api.redirect.sendUserTo(\"https://verify.example/\")": ["interaction_required", null],
      "api.multifactor.enable(\"any\")": ["interaction_required", null],
    };
    for (const [body, [error, description]] of Object.entries(answers)) {
      put("10-claim.js", `exports.onExecutePostLogin = async (event, api) => { ${body}; };`);
      const { at } = await silently(browser);
      expect(at.searchParams.get("error"), body).toBe(error);
      if (description) expect(at.searchParams.get("error_description"), body).toBe(description);
      expect(at.searchParams.get("code"), body).toBeNull();
    }
    // Nothing waits for a /continue: a silent redirect keeps no suspension.
    expect(await db.oidcPayload.count({ where: { model: "RekeyPostLoginRedirect" } })).toBe(0);
  });

  it("a redirect leaves with a single-use state, and /continue resumes the same Action, then the next, then the application", async () => {
    put(
      "10-away.js",
      `exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo("${APP_ORIGIN}/verify", { query: { reason: "terms" } }); };
      exports.onContinuePostLogin = async (event, api) => { api.idToken.setCustomClaim("accepted", event.request.query.accepted === "yes"); };`,
    );
    put("20-next.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("next_ran", true); };`);
    const { browser, at, checks } = await authorize(await newUser());
    expect(at.origin + at.pathname).toBe(`${APP_ORIGIN}/verify`);
    expect(at.searchParams.get("reason")).toBe("terms");
    const state = at.searchParams.get("state")!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const bridge = postLoginContinueBridge()!;
    const back = await bridge.continueSignIn(state, { query: { state, accepted: "yes" }, body: {} });
    expect(back).toMatch(/^\/interaction\/[\w-]+$/);
    // The state is single use.
    expect(await bridge.continueSignIn(state, { query: { state }, body: {} })).toBeNull();
    expect(await bridge.continueSignIn("x".repeat(43), { query: {}, body: {} })).toBeNull();

    const result = await browser.follow(new URL(back!, server.origin), APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
    const claims = (await client.authorizationCodeGrant(rp, result.stoppedAt, checks)).claims()!;
    expect(claims).toMatchObject({ accepted: true, next_ran: true });
  });

  it("while a redirect is out, the sign-in's interaction says it waits and runs no Action again", async () => {
    put("10-away.js", `exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo("${APP_ORIGIN}/verify"); };`);
    const user = await newUser();
    const { browser } = await authorize(user);
    const interaction = browser.requested.findLast((u) => u.pathname.startsWith("/interaction/"))!;
    const again = await browser.follow(interaction, APP_ORIGIN);
    if (!("page" in again)) throw new Error(`left for ${again.stoppedAt.href}`);
    expect(again.page.status).toBe(400);
    expect(await again.page.text()).toContain("Sign-in not finished");
    const db = await prisma();
    expect(await db.actionExecution.count({ where: { trigger: "post-login", userId: user.id } })).toBe(1);
  });

  it("a later sign-in on the same grant carries only its own run's claims: an earlier run's are cleared", async () => {
    put("10-claim.js", `exports.onExecutePostLogin = async (event, api) => { if (event.user.app_metadata.claim) api.idToken.setCustomClaim("https://acme.example/once", true); };`);
    const user = await newUser();
    const db = await prisma();
    await db.user.update({ where: { id: user.id }, data: { appMetadata: { claim: true } } });
    const first = await authorize(user);
    const firstTokens = await client.authorizationCodeGrant(rp, first.at, first.checks);
    expect(firstTokens.claims()!["https://acme.example/once"]).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { appMetadata: {} } });
    // The same browser and session: the provider's session already holds this application's grant.
    const { url, checks } = await start(user);
    const again = await first.browser.follow(url, APP_ORIGIN);
    if (!("stoppedAt" in again)) throw new Error(`stopped at ${again.url.href}`);
    const tokens = await client.authorizationCodeGrant(rp, again.stoppedAt, checks);
    expect(tokens.claims()!["https://acme.example/once"]).toBeUndefined();
    const grantOf = async (accessToken: string) => (await server.provider().AccessToken.find(accessToken))?.grantId;
    expect(await grantOf(tokens.access_token)).toBe(await grantOf(firstTokens.access_token));
  });

  /** Enrolls an authenticator app for `user`; resolves its TOTP secret. */
  async function withAuthenticatorApp(user: Awaited<ReturnType<typeof newUser>>) {
    const { cookie: reauth } = await confirmPassword(user.id, "Tulip-Marble-Orbit-42");
    const actor = { userId: user.id, reauth, ctx: testRequestContext() };
    return enrollAuthenticatorApp(actor);
  }

  /** Starts an authorization that must stop at the factor step; resolves the browser there. */
  async function untilFactorStep(user: Awaited<ReturnType<typeof newUser>>) {
    const { browser, url, checks } = await start(user);
    const result = await browser.follow(url, `${server.origin}/login/verify`);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href} (${result.page.status}): ${await result.page.text()}`);
    const back = result.stoppedAt.searchParams.get("callbackUrl")!;
    expect(back).toMatch(/^\/interaction\/[\w-]+$/);
    return { browser, back: new URL(back, server.origin), checks, handle: browser.cookie("rekey_sign_in") };
  }

  /** What /login/verify/code does with a right proof: a new session cookie in the browser. */
  async function prove(browser: TestBrowser, handle: string | undefined, input: ProofInput) {
    const cookie = await sessionCookie(await signInWithProof(handle, input, testRequestContext()));
    browser.setCookie(cookie.name, cookie.value);
  }

  it("multifactor.enable makes a signed-in user pass the authenticator app; the ID token says mfa; the Action is not asked again", async () => {
    put("10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { console.log(event.authentication.methods.map((m) => m.name).join(",")); api.multifactor.enable("any"); };`);
    put("20-after.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("after", true); };`);
    const user = await newUser();
    const secret = await withAuthenticatorApp(user);
    const { browser, back, checks, handle } = await untilFactorStep(user);
    // Only the factors the demand allows, and nothing passes without the proof.
    const early = await browser.follow(back, `${server.origin}/login/verify`);
    expect("stoppedAt" in early).toBe(true);
    await prove(browser, handle, { method: "otp", code: TOTP.generate({ secret }) });
    const result = await browser.follow(back, APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
    const claims = (await client.authorizationCodeGrant(rp, result.stoppedAt, checks)).claims()!;
    expect(claims).toMatchObject({ amr: ["pwd", "otp", "mfa"], after: true });
    const db = await prisma();
    const runs = await db.actionExecution.findMany({ where: { trigger: "post-login", userId: user.id, actionName: "10-mfa.js" } });
    // The demand is deferred to the end of the pipeline; after the factor the run completes without running the Actions again.
    expect(runs.map((r) => r.logs)).toEqual(["pwd"]);
    // The factor steps the sign-in up (a session with mfa); it is not another login: not counted, no second `s` event.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).loginsCount).toBe(0);
    expect(await db.logEvent.count({ where: { userId: user.id, type: "s" } })).toBe(0);
    expect(await db.logEvent.count({ where: { userId: user.id, type: "gd_auth_succeed" } })).toBe(1);
  });

  it("allowRememberBrowser: after the factor this browser is not asked again with a password-only session; without it, it is", async () => {
    put("10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable("any", { allowRememberBrowser: event.user.app_metadata.remember === true }); };`);
    const user = await newUser();
    const secret = await withAuthenticatorApp(user);
    const db = await prisma();
    await db.user.update({ where: { id: user.id }, data: { appMetadata: { remember: true } } });
    const first = await untilFactorStep(user);
    await prove(first.browser, first.handle, { method: "otp", code: TOTP.generate({ secret }) });
    expect("stoppedAt" in (await first.browser.follow(first.back, APP_ORIGIN))).toBe(true);
    expect(first.browser.has("rekey_mfa_browser")).toBe(true);
    // A new password-only session in the same browser: remembered, no factor step.
    await signedIn(first.browser, user);
    const { url } = await start(user);
    const again = await first.browser.follow(url, APP_ORIGIN);
    if (!("stoppedAt" in again)) throw new Error(`stopped at ${again.url.href}`);
    expect(again.stoppedAt.searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    // Not allowed to remember any more: the same browser is asked again.
    await db.user.update({ where: { id: user.id }, data: { appMetadata: { remember: false } } });
    await signedIn(first.browser, user);
    const asked = await first.browser.follow((await start(user)).url, `${server.origin}/login/verify`);
    expect("stoppedAt" in asked).toBe(true);
  });

  it("challengeWith a factor the user lacks ends the sign-in with access_denied; push-notification alone too", async () => {
    put("10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { api.authentication.challengeWith({ type: event.user.email.startsWith("push-") ? "push-notification" : "phone" }); };`);
    for (const user of [await newUser(), await createUser({ email: `push-${Math.random().toString(36).slice(2, 8)}@example.com`, password: "Tulip-Marble-Orbit-42" }, { connection: await defaultConnection(), ctx: testRequestContext() })]) {
      await withAuthenticatorApp(user);
      const { at } = await authorize(user);
      expect(at.searchParams.get("error")).toBe("access_denied");
    }
  });

  it("enrollWith otp sets an authenticator app up for a user without a factor; the later Actions then run", async () => {
    put("10-enroll.js", `exports.onExecutePostLogin = async (event, api) => { if (event.user.enrolledFactors.length === 0) api.authentication.enrollWith({ type: "otp" }); };`);
    put("20-after.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("factors", event.user.enrolledFactors.map((f) => f.type)); };`);
    const user = await newUser();
    const { browser, back, checks, handle } = await untilFactorStep(user);
    const pending = await signInEnrollment(handle);
    const secret = Secret.fromBase32(pending.secret);
    await prove(browser, handle, { method: "otp", code: TOTP.generate({ secret }) });
    const result = await browser.follow(back, APP_ORIGIN);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
    const claims = (await client.authorizationCodeGrant(rp, result.stoppedAt, checks)).claims()!;
    expect(claims).toMatchObject({ amr: ["pwd", "otp", "mfa"], factors: ["otp"] });
  });

  it("enrollWith email or phone sets up that factor only, with /login/verify's enrolment forms; the others are neither offered nor accepted", async () => {
    put("10-enroll.js", `exports.onExecutePostLogin = async (event, api) => { if (event.user.enrolledFactors.length === 0) api.authentication.enrollWith({ type: event.user.app_metadata.enroll }); };`);
    put("20-after.js", `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("factors", event.user.enrolledFactors.map((f) => f.type)); };`);
    const db = await prisma();
    const cases = [
      { enroll: "email", amr: ["pwd", "otp", "mfa"], to: (user: { email: string | null }) => ({ type: "email.send" as const, address: user.email! }) },
      { enroll: "phone", amr: ["pwd", "sms", "mfa"], to: () => ({ type: "sms.send" as const, address: "+447700900123" }) },
    ];
    for (const { enroll, amr, to } of cases) {
      const user = await newUser();
      await db.user.update({ where: { id: user.id }, data: { appMetadata: { enroll } } });
      const { browser, back, checks, handle } = await untilFactorStep(user);
      const ctx = testRequestContext();
      expect((await loadProofStep(handle, ctx)).options.map((o) => o.method)).toEqual([enroll]);
      await expect(signInEnrollment(handle)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
      await expect(sendProofCode(handle, enroll === "email" ? "phone" : "email", ctx, { phoneNumber: "+447700900124" })).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
      const { type, address } = to(user);
      await sendProofCode(handle, enroll as "email" | "phone", ctx, { phoneNumber: address });
      await prove(browser, handle, { method: enroll as "email" | "phone", code: await lastCodeTo(type, address) });
      const result = await browser.follow(back, APP_ORIGIN);
      if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
      const claims = (await client.authorizationCodeGrant(rp, result.stoppedAt, checks)).claims()!;
      expect(claims).toMatchObject({ amr, factors: [enroll] });
    }
  });

  it("challengeWith offers only the factors asked for, and a proof of another pending sign-in does not pass it", async () => {
    put("10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { api.authentication.challengeWith({ type: "otp" }); };`);
    const user = await newUser();
    const secret = await withAuthenticatorApp(user);
    const { browser, back, handle } = await untilFactorStep(user);
    await expect(signInWithProof(handle, { method: "email", code: "123456" }, testRequestContext())).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    // A session with mfa from elsewhere (not this step's proof) does not pass this step.
    const other = new TestBrowser();
    await signedIn(other, user);
    let otherHandle: string | undefined;
    await expect(signInWithPassword(user.email!, "Tulip-Marble-Orbit-42", testRequestContext(), (p) => (otherHandle = p.handle))).rejects.toMatchObject({ code: "PROOF_REQUIRED" });
    await prove(browser, otherHandle, { method: "otp", code: TOTP.generate({ secret }) });
    const result = await browser.follow(back, APP_ORIGIN);
    expect("stoppedAt" in result).toBe(false);
    expect(await pendingOpen(handle)).toBe(true);
  });

  it("runs on a refresh-token exchange: a deny fails it with access_denied, a factor demand with mfa_required, and the token stays usable", async () => {
    put(
      "10-refresh.js",
      `exports.onExecutePostLogin = async (event, api) => {
        if (event.transaction.protocol !== "oauth2-refresh-token") return;
        if (event.user.app_metadata.mode === "deny") api.access.deny("Refresh is off.");
        if (event.user.app_metadata.mode === "mfa") api.multifactor.enable("any");
        api.idToken.setCustomClaim("refreshed", event.refresh_token.client_id === event.client.client_id && !("refresh_token" in event.request.body));
      };`,
    );
    const user = await newUser();
    const { at, checks } = await authorize(user, "openid email offline_access");
    const tokens = await client.authorizationCodeGrant(rp, at, checks);
    expect(tokens.claims()!.refreshed).toBeUndefined();
    const db = await prisma();
    const mode = (value: string) => db.user.update({ where: { id: user.id }, data: { appMetadata: { mode: value } } });
    await mode("deny");
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "access_denied", error_description: "Refresh is off.", status: 403 });
    await mode("mfa");
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "mfa_required", status: 403 });
    await mode("ok");
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(refreshed.claims()!.refreshed).toBe(true);
  });

  it("a throwing Action fails the sign-in closed with server_error", async () => {
    put("10-broken.js", `exports.onExecutePostLogin = async () => { throw new Error("boom"); };`);
    const { at } = await authorize(await newUser());
    expect(at.searchParams.get("error")).toBe("server_error");
  });
});

async function pendingOpen(handle: string | undefined): Promise<boolean> {
  const row = await (await prisma()).pendingSignIn.findUnique({ where: { handleHash: hashToken(handle!) } });
  return !!row && !row.consumedAt;
}
