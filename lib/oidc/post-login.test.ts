import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as client from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shutdownSandbox } from "@/lib/actions";
import { clearDiscoveryCache } from "@/lib/actions/discover";
import { createApplication } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { postLoginContinueBridge } from "@/lib/oidc-bridge";
import { testRequestContext } from "@/lib/testing/context";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { createUser, defaultConnection } from "@/lib/users";
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

  /** Signs `user` in and starts an authorization; follows it until it leaves for the application's origin. */
  async function authorize(user: Awaited<ReturnType<typeof newUser>>) {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const verifier = client.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: "openid profile email",
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
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

  it("a deny reaches the application as access_denied with the Action's reason; no code is issued", async () => {
    put("10-deny.js", `exports.onExecutePostLogin = async (event, api) => { api.access.deny("Not during maintenance."); };`);
    const { at } = await authorize(await newUser());
    expect(at.searchParams.get("error")).toBe("access_denied");
    expect(at.searchParams.get("error_description")).toBe("Not during maintenance.");
    expect(at.searchParams.get("code")).toBeNull();
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

  it("an Action that asks for a second factor refuses the sign-in until the factor step is connected (closed)", async () => {
    put("10-mfa.js", `exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable("any"); };`);
    const { at } = await authorize(await newUser());
    expect(at.searchParams.get("error")).toBe("access_denied");
  });

  it("a throwing Action fails the sign-in closed with server_error", async () => {
    put("10-broken.js", `exports.onExecutePostLogin = async () => { throw new Error("boom"); };`);
    const { at } = await authorize(await newUser());
    expect(at.searchParams.get("error")).toBe("server_error");
  });
});
