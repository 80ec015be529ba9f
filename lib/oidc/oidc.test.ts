import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { createApplication, createResourceServer, setClientGrant } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { consentBridge } from "@/lib/oidc-bridge";
import { testRequestContext } from "@/lib/testing/context";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { createUser, defaultConnection, deleteUser, setUserBlocked, setUserPassword, signInWithPassword, signInWithProof } from "@/lib/users";
import { sessionCookie } from "@/lib/auth";
import { confirmPassword } from "@/lib/factors";
import { enrollAuthenticatorApp } from "@/lib/factors/testing/fixtures";
import { TOTP } from "otpauth";
import { createWorker, silentLogger } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { TestBrowser } from "./testing/browser";
import { signedIn, startServer } from "./testing/provider-server";

const CALLBACK = "http://localhost:3001/api/auth/callback/rekey";
const LOGOUT_RETURN = "http://localhost:3001/";
const PASSWORD = "Tulip-Marble-Orbit-42";
const SPA_ORIGIN = "http://localhost:3001";

type User = Awaited<ReturnType<typeof createUser>>;
type App = { clientId: string; secret: string | null; rp: client.Configuration };

/** Verifies a JWT against the provider's published JWKS with node:crypto alone (not the provider's jose). */
async function verifyAgainstJwks(jwt: string, jwksUri: string) {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg: string; kid: string };
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: (crypto.JsonWebKey & { kid: string })[] };
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk) return { header, verified: false, keys };
  const key = crypto.createPublicKey({ key: jwk, format: "jwk" });
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, "base64url");
  const verified =
    header.alg === "RS256" ? crypto.verify("sha256", data, key, signature)
    : header.alg === "ES256" ? crypto.verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature)
    : crypto.verify(null, data, key, signature);
  return { header, verified, keys };
}

describe.each(testDatabaseKinds())("OpenID Provider with openid-client as the relying party (%s)", (kind) => {
  useTestDatabase(kind);
  let server: Awaited<ReturnType<typeof startServer>>;
  let user: User;
  const apps: Record<"web" | "es256" | "eddsa" | "spa" | "thirdParty" | "backchannel", App> = {} as never;
  const logoutTokens: string[] = [];
  /** What the back-channel receiver answers next (then 200 again). */
  let receiverAnswers: number[] = [];
  let receiver: http.Server;

  async function register(name: keyof typeof apps, input: Parameters<typeof createApplication>[0], alg?: string) {
    const { application, clientSecret } = await createApplication({ callbacks: [CALLBACK], allowed_logout_urls: [LOGOUT_RETURN], ...input });
    const auth = clientSecret ? client.ClientSecretPost(clientSecret) : client.None();
    const rp = await client.discovery(new URL(server.issuer), application.id, alg ? { id_token_signed_response_alg: alg } : undefined, auth, { execute: [client.allowInsecureRequests] });
    apps[name] = { clientId: application.id, secret: clientSecret, rp };
  }

  beforeAll(async () => {
    server = await startServer();
    // Back-channel logout receiver on loopback: records each logout_token POSTed to it.
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const status = receiverAnswers.shift() ?? 200;
        const token = new URLSearchParams(body).get("logout_token");
        if (token && status === 200) logoutTokens.push(token);
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    user = await createUser({ email: `rp-${kind}@example.com`, password: PASSWORD, name: "Ada Lovelace", givenName: "Ada", emailVerified: true }, { connection: await defaultConnection(), ctx: testRequestContext() });
    await register("web", { name: "Web app", app_type: "regular_web" });
    await register("es256", { name: "ES256 app", app_type: "regular_web", id_token_signed_response_alg: "ES256" }, "ES256");
    await register("eddsa", { name: "EdDSA app", app_type: "regular_web", id_token_signed_response_alg: "EdDSA" }, "EdDSA");
    await register("spa", { name: "Single page app", app_type: "spa", web_origins: [SPA_ORIGIN] });
    await register("thirdParty", { name: "Partner app", app_type: "regular_web", is_first_party: false });
    await register("backchannel", { name: "Back-channel app", app_type: "regular_web", backchannel_logout_uri: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel` });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function jwks() {
    return createLocalJWKSet((await (await fetch(`${server.origin}/.well-known/jwks.json`)).json()) as never);
  }

  async function authorize(app: App, browser: TestBrowser, extra: Record<string, string> = {}, options: { pkce?: boolean } = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(app.rp, {
      redirect_uri: CALLBACK,
      scope: "openid profile email offline_access",
      state,
      nonce,
      ...(options.pkce === false ? {} : { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" }),
      ...extra,
    });
    const result = await browser.follow(url, CALLBACK);
    return { result, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
  }

  async function signInToApp(app: App, browser = new TestBrowser(), who = user) {
    await signedIn(browser, who);
    const { result, checks } = await authorize(app, browser);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href} (${result.page.status})`);
    return { browser, tokens: await client.authorizationCodeGrant(app.rp, result.stoppedAt, checks) };
  }

  it("publishes discovery at the issuer PUBLIC_URL/ with Auth0's paths", async () => {
    const meta = apps.web.rp.serverMetadata();
    expect(meta.issuer).toBe(server.issuer);
    expect(meta.authorization_endpoint).toBe(`${server.origin}/authorize`);
    expect(meta.token_endpoint).toBe(`${server.origin}/oauth/token`);
    expect(meta.userinfo_endpoint).toBe(`${server.origin}/userinfo`);
    expect(meta.jwks_uri).toBe(`${server.origin}/.well-known/jwks.json`);
    expect(meta.revocation_endpoint).toBe(`${server.origin}/oauth/revoke`);
    expect(meta.end_session_endpoint).toBe(`${server.origin}/oidc/logout`);
    expect([...(meta.id_token_signing_alg_values_supported ?? [])].sort()).toEqual(["ES256", "EdDSA", "RS256"]);
  });

  it("puts our security headers and a CSP on the provider's responses", async () => {
    const response = await fetch(`${server.origin}/.well-known/openid-configuration`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("publishes public keys only", async () => {
    const { keys } = (await (await fetch(`${server.origin}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.alg).sort()).toEqual(["ES256", "EdDSA", "RS256"]);
    for (const key of keys) expect(key.d).toBe(undefined);
  });

  it("signs in with code + PKCE: an RS256 ID token with Auth0's claims and sid, verified against the JWKS, and userinfo", async () => {
    const { tokens } = await signInToApp(apps.web);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(`auth0|${user.id}`);
    expect(claims.email).toBe(user.email);
    expect(claims.email_verified).toBe(true);
    expect(claims.name).toBe("Ada Lovelace");
    expect(typeof claims.sid).toBe("string");
    const { header, verified } = await verifyAgainstJwks(tokens.id_token!, `${server.origin}/.well-known/jwks.json`);
    expect(header.alg).toBe("RS256");
    expect(verified).toBe(true);
    const info = await client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${user.id}`);
    expect(info.email).toBe(user.email);
  });

  it("a password sign-in puts amr [pwd] in the ID token; one with the second factor the MFA policy asked for, [pwd, otp, mfa]", async () => {
    expect((await signInToApp(apps.web)).tokens.claims()!.amr).toEqual(["pwd"]);
    const factorUser = await createUser({ email: `rp-mfa-${kind}@example.com`, password: PASSWORD, emailVerified: true }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { cookie: reauth } = await confirmPassword(factorUser.id, PASSWORD);
    const actor = { userId: factorUser.id, reauth, ctx: testRequestContext() };
    const secret = await enrollAuthenticatorApp(actor);
    // The real sign-in: the password opens a pending sign-in, the app's code completes it.
    let handle: string | undefined;
    await expect(signInWithPassword(factorUser.email!, PASSWORD, testRequestContext(), (p) => (handle = p.handle))).rejects.toMatchObject({ code: "PROOF_REQUIRED" });
    const signedInUser = await signInWithProof(handle, { method: "otp", code: TOTP.generate({ secret }) }, testRequestContext());
    const browser = new TestBrowser();
    const cookie = await sessionCookie(signedInUser);
    browser.setCookie(cookie.name, cookie.value);
    const { result, checks } = await authorize(apps.web, browser);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
    const tokens = await client.authorizationCodeGrant(apps.web.rp, result.stoppedAt, checks);
    expect(tokens.claims()).toMatchObject({ sub: `auth0|${factorUser.id}`, amr: ["pwd", "otp", "mfa"] });
  });

  it.each([["es256", "ES256"], ["eddsa", "EdDSA"]] as const)("signs the ID token with the application's algorithm (%s)", async (name, alg) => {
    const { tokens } = await signInToApp(apps[name]);
    const { header, verified } = await verifyAgainstJwks(tokens.id_token!, `${server.origin}/.well-known/jwks.json`);
    expect(header.alg).toBe(alg);
    expect(verified).toBe(true);
  });

  it("rotates refresh tokens and detects reuse: the reused token ends the whole grant", async () => {
    const { tokens } = await signInToApp(apps.web);
    const first = tokens.refresh_token!;
    expect(typeof first).toBe("string");
    const second = await client.refreshTokenGrant(apps.web.rp, first);
    expect(second.refresh_token).not.toBe(first);
    await expect(client.refreshTokenGrant(apps.web.rp, first)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(client.refreshTokenGrant(apps.web.rp, second.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("accepts a token request as JSON, as Auth0 does, and sends client credentials to the Management API", async () => {
    const { tokens } = await signInToApp(apps.web);
    const response = await fetch(`${server.origin}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: apps.web.clientId, client_secret: apps.web.secret }),
    });
    expect(response.status).toBe(200);
    expect(typeof ((await response.json()) as { access_token?: string }).access_token).toBe("string");
    const machine = await fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials", client_id: "m2m" }) });
    expect(await machine.json()).toEqual({ access_token: "management", token_type: "Bearer" });
    expect(server.clientCredentialRequests.at(-1)).toContain('"client_id":"m2m"');
  });

  it("revokes an access token: userinfo refuses it", async () => {
    const { tokens } = await signInToApp(apps.web);
    await client.tokenRevocation(apps.web.rp, tokens.access_token);
    await expect(client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${user.id}`)).rejects.toMatchObject({ status: 401 });
  });

  it("response_mode=form_post answers with Rekey's own page in the user's language: hidden fields, one hashed script, a Continue button without JavaScript", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const { result, checks } = await authorize(apps.web, browser, { response_mode: "form_post", ui_locales: "de" });
    if (!("page" in result)) throw new Error("form_post redirected instead of answering with a page");
    expect(result.page.status).toBe(200);
    const html = await result.page.text();
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain("<h1>Zurück zur Anwendung</h1>");
    expect(html).toMatch(/<button class="primary" type="submit" autofocus>Weiter<\/button>/);
    expect(html).toContain(`<form method="post" action="${CALLBACK}">`);
    const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, value!.replace(/&amp;/g, "&")]));
    expect(fields.get("state")).toBe(checks.expectedState);
    const script = /<script>([^<]+)<\/script>/.exec(html)![1]!;
    const csp = result.page.headers.get("content-security-policy")!;
    expect(csp).toContain(`'sha256-${crypto.createHash("sha256").update(script).digest("base64")}'`);
    expect(csp).not.toContain("unsafe-inline' 'sha256");
    // The application reads the posted fields as it reads a redirect's query.
    const posted = new Request(CALLBACK, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: fields });
    const tokens = await client.authorizationCodeGrant(apps.web.rp, posted, checks);
    expect(tokens.claims()!.sub).toBe(`auth0|${user.id}`);
  });

  it("answers prompt=none with login_required when there is no Rekey session", async () => {
    const { result } = await authorize(apps.web, new TestBrowser(), { prompt: "none" });
    if (!("stoppedAt" in result)) throw new Error("no redirect to the application");
    expect(result.stoppedAt.searchParams.get("error")).toBe("login_required");
    expect(result.stoppedAt.searchParams.get("iss")).toBe(server.issuer);
  });

  it("sends a browser without a session to /login and back to the interaction", async () => {
    const { result } = await authorize(apps.web, new TestBrowser());
    if (!("page" in result)) throw new Error("expected the sign-in page");
    expect(result.url.pathname).toBe("/login");
    expect(result.url.searchParams.get("callbackUrl")).toMatch(/^\/interaction\/[\w-]+$/);
  });

  it("forces a fresh sign-in for prompt=login, even right after one", async () => {
    const { browser } = await signInToApp(apps.web);
    await signedIn(browser, user, Date.now() - 1);
    const { result } = await authorize(apps.web, browser, { prompt: "login" });
    if (!("page" in result)) throw new Error("expected the sign-in page");
    expect(result.url.pathname).toBe("/login");
    expect(result.url.searchParams.get("prompt")).toBe("login");
    await signedIn(browser, user, Date.now() + 1);
    const resumed = await browser.follow(new URL(result.url.searchParams.get("callbackUrl")!, server.origin), CALLBACK);
    expect("stoppedAt" in resumed && resumed.stoppedAt.searchParams.has("code")).toBe(true);
  });

  it("signs out through end-session: the Rekey session ends, and prompt=none then needs a login", async () => {
    const { browser, tokens } = await signInToApp(apps.web);
    const logout = client.buildEndSessionUrl(apps.web.rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGOUT_RETURN });
    const confirm = await browser.follow(logout, LOGOUT_RETURN);
    if (!("page" in confirm)) throw new Error("expected the confirmation page");
    const html = await confirm.page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const done = await browser.follow(new URL(action, server.origin), LOGOUT_RETURN, { form: { xsrf, logout: "yes" } });
    expect("stoppedAt" in done && done.stoppedAt.href).toBe(LOGOUT_RETURN);
    expect(browser.has("next-auth.session-token")).toBe(false);
    const { result } = await authorize(apps.web, browser, { prompt: "none" });
    expect("stoppedAt" in result && result.stoppedAt.searchParams.get("error")).toBe("login_required");
  });

  // Recipe pitfall: the provider's own logout when another account signs in must not end the new Rekey session.
  it("keeps the new Rekey session when another account signs in in the same browser", async () => {
    const other = await createUser({ email: `switch-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { browser } = await signInToApp(apps.web);
    await signedIn(browser, other);
    const { result, checks } = await authorize(apps.web, browser);
    if (!("page" in result)) throw new Error("expected the provider's logout form");
    // The provider ends the old session through an auto-submitted form (its end-session confirm route).
    const html = await result.page.text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const fields = Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields.logout).toBe("yes");
    const resumed = await browser.follow(new URL(action.replace(/&amp;/g, "&"), server.origin), CALLBACK, { form: fields });
    expect(browser.has("next-auth.session-token")).toBe(true);
    if (!("stoppedAt" in resumed)) throw new Error(`stopped at ${resumed.url.href}`);
    const tokens = await client.authorizationCodeGrant(apps.web.rp, resumed.stoppedAt, checks);
    expect(tokens.claims()!.sub).toBe(`auth0|${other.id}`);
  });

  it("maps Auth0's /v2/logout onto end-session", async () => {
    const response = await fetch(`${server.origin}/v2/logout?client_id=${apps.web.clientId}&returnTo=${encodeURIComponent(LOGOUT_RETURN)}`, { redirect: "manual" });
    const location = new URL(response.headers.get("location")!, server.origin);
    expect(location.pathname).toBe("/oidc/logout");
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(LOGOUT_RETURN);
  });

  it("refuses a public client without PKCE", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const { result } = await authorize(apps.spa, browser, {}, { pkce: false });
    expect("stoppedAt" in result && result.stoppedAt.searchParams.get("error")).toBe("invalid_request");
  });

  it("signs a public client in with PKCE", async () => {
    const { tokens } = await signInToApp(apps.spa);
    expect(tokens.claims()!.sub).toBe(`auth0|${user.id}`);
  });

  it("answers response_mode=web_message (auth0-spa-js's silent authentication) with a page that posts to the application's origin, framed only by its web origins", async () => {
    expect(apps.spa.rp.serverMetadata().response_modes_supported).toContain("web_message");
    // Signed in to the application once (the provider's session exists), as before any silent renewal.
    const { browser } = await signInToApp(apps.spa);
    const silent = async (app: App, who: TestBrowser) => {
      const { result, checks } = await authorize(app, who, { prompt: "none", response_mode: "web_message" });
      if (!("page" in result)) throw new Error("web_message redirected instead of answering with a page");
      const html = await result.page.text();
      const data = JSON.parse(/var data = (\{.*?\});/s.exec(html)![1]!) as { response: Record<string, string>; redirect_uri: string };
      return { page: result.page, data, checks };
    };
    const { page, data, checks } = await silent(apps.spa, browser);
    expect(page.headers.get("x-frame-options")).toBeNull();
    expect(page.headers.get("content-security-policy")).toMatch(new RegExp(`frame-ancestors ${SPA_ORIGIN.replace(/[.:/]/g, "\\$&")}$`));
    expect(data.redirect_uri).toBe(CALLBACK);
    expect(data.response.state).toBe(checks.expectedState);
    const callback = new URL(CALLBACK);
    for (const [name, value] of Object.entries(data.response)) callback.searchParams.set(name, value);
    const tokens = await client.authorizationCodeGrant(apps.spa.rp, callback, checks);
    expect(tokens.claims()!.sub).toBe(`auth0|${user.id}`);

    // An application without web origins: no one may frame the answer. No session: the error is posted the same way.
    expect((await silent(apps.web, browser)).page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'$/);
    const signedOut = await silent(apps.spa, new TestBrowser());
    expect(signedOut.data.response.error).toBe("login_required");
  });

  it("lets only a public client's registered web origins call the token endpoint from a browser", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.origin}/oauth/token`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    expect((await preflight(SPA_ORIGIN)).headers.get("access-control-allow-origin")).toBe(SPA_ORIGIN);
    const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: "x", client_id: apps.spa.clientId });
    const allowed = await fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { origin: SPA_ORIGIN }, body });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SPA_ORIGIN);
    const other = await fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { origin: "https://evil.example" }, body });
    expect(other.headers.get("access-control-allow-origin")).toBe(null);
  });

  it("returns access_denied to a third-party application the user refuses", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const { result } = await authorize(apps.thirdParty, browser);
    if (!("page" in result)) throw new Error("expected the consent page");
    const uid = result.url.pathname.split("/")[2]!;
    const denied = await browser.follow(new URL(`/interaction/${uid}/abort`, server.origin), CALLBACK, { form: {}, headers: { origin: server.origin } });
    expect("stoppedAt" in denied && denied.stoppedAt.searchParams.get("error")).toBe("access_denied");
  });

  it("matches redirect URIs exactly and never redirects to an unregistered one", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    for (const redirect of [`${CALLBACK}/x`, `${CALLBACK}?next=1`, CALLBACK.replace("3001", "3002"), CALLBACK.toUpperCase()]) {
      const { result } = await authorize(apps.web, browser, { redirect_uri: redirect });
      if (!("page" in result)) throw new Error(`redirected for ${redirect}`);
      expect(result.page.status).toBe(400);
      expect(await result.page.text()).toContain("redirect_uri");
    }
  });

  it("asks a third-party application's consent on a page, and grants it on a same-origin POST", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const { result, checks } = await authorize(apps.thirdParty, browser);
    if (!("page" in result)) throw new Error("expected the consent page");
    expect(result.url.pathname).toMatch(/^\/interaction\/[\w-]+\/consent$/);
    const uid = result.url.pathname.split("/")[2]!;
    const view = await consentBridge()!.consentView(uid, browser.cookieHeader(result.url));
    expect(view).toMatchObject({ clientName: "Partner app", scopes: expect.arrayContaining(["openid", "email"]) });
    expect(await consentBridge()!.consentView(uid, "")).toBe(null);
    const forged = await browser.request(new URL(`/interaction/${uid}/confirm`, server.origin), { form: {}, headers: { origin: "https://evil.example" } });
    expect(forged.status).toBe(403);
    const granted = await browser.follow(new URL(`/interaction/${uid}/confirm`, server.origin), CALLBACK, { form: {}, headers: { origin: server.origin } });
    if (!("stoppedAt" in granted)) throw new Error("no code after consent");
    const tokens = await client.authorizationCodeGrant(apps.thirdParty.rp, granted.stoppedAt, checks);
    expect(tokens.claims()!.sub).toBe(`auth0|${user.id}`);
  });

  it("answers hostile requests with a 4xx, never a 5xx", async () => {
    const token = (body: string, type = "application/json") => fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { "content-type": type }, body });
    expect((await token("{not json")).status).toBe(400);
    expect((await token("[1,2]")).status).toBe(400);
    expect((await token("a=b", "text/plain")).status).toBe(400);
    expect((await token(`grant_type=authorization_code&code=${"x".repeat(60 * 1024)}`, "application/x-www-form-urlencoded")).status).toBe(413);
    expect((await token(JSON.stringify({ grant_type: "authorization_code", code: "forged", client_id: apps.web.clientId, client_secret: apps.web.secret, redirect_uri: CALLBACK }))).status).toBe(400);
    expect((await fetch(`${server.origin}/interaction/unknown-uid`)).status).toBe(400);
    expect((await fetch(`${server.origin}/interaction/unknown-uid/confirm`, { method: "POST", headers: { origin: server.origin } })).status).toBe(400);
    expect((await fetch(`${server.origin}/interaction/unknown-uid/confirm`, { method: "POST" })).status).toBe(403);
    expect((await fetch(`${server.origin}/interaction/unknown-uid`, { method: "POST", headers: { origin: server.origin } })).status).toBe(405);
    expect((await fetch(`${server.origin}/oidc/logout/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "xsrf=forged&logout=yes" })).status).toBe(400);
    expect((await fetch(`${server.origin}/authorize?client_id=unknown&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=openid`, { redirect: "manual" })).status).toBe(400);
    expect((await fetch(`${server.origin}/authorize?client_id=${apps.web.clientId}&client_id=x&response_type=code&scope=openid`, { redirect: "manual" })).status).toBe(400);
  });

  // Regression (production storm): a method an endpoint does not serve, or a path below one,
  // answered koa's plain-text "Not Found" instead of the OAuth error shape.
  it("answers a method an endpoint does not serve with 405 and Allow, an unknown path below one with 404, both in the OAuth error shape", async () => {
    const cases: [string, string, number, string | null][] = [
      ["POST", "/authorize", 405, "GET, HEAD"],
      ["POST", "/oidc/logout", 405, "GET, HEAD"],
      ["PUT", "/.well-known/jwks.json", 405, "GET, HEAD, OPTIONS"],
      ["DELETE", "/.well-known/openid-configuration", 405, "GET, HEAD"],
      ["GET", "/oauth/token", 405, "POST, OPTIONS"],
      ["GET", "/oidc/logout/nothing/here", 404, null],
    ];
    for (const [method, path, status, allow] of cases) {
      const response = await fetch(`${server.origin}${path}`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: method === "GET" ? undefined : `client_id=${apps.web.clientId}&response_type=code&scope=openid` });
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect(await response.json()).toEqual({ error: "invalid_request", error_description: expect.any(String) });
    }
  });

  // Regression (production storm): a token with a NUL reached PostgreSQL and answered 500.
  it("refuses a presented token with a NUL in it as it refuses any unknown token", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const posted = await fetch(`${server.origin}/userinfo`, { method: "POST", headers: form, body: "access_token=%00" });
    expect(posted.status).toBe(401);
    expect(await posted.json()).toMatchObject({ error: "invalid_token" });
    // In the query the provider refuses any access token, before any lookup.
    expect((await fetch(`${server.origin}/userinfo?access_token=a%00b`)).status).toBe(400);
    const revoked = await fetch(`${server.origin}/oauth/revoke`, { method: "POST", headers: form, body: new URLSearchParams({ token: "x\u0000y", client_id: apps.web.clientId, client_secret: apps.web.secret! }) });
    expect(revoked.status).toBe(200);
  });

  // Regression (production storm, seed 31337): state=%00 at end-session answered 500 (the session could not be stored).
  it("refuses a NUL in any query parameter with 400 in the OAuth error shape", async () => {
    const browser = new TestBrowser();
    const logout = await browser.request(new URL(`/oidc/logout?client_id=${apps.web.clientId}&post_logout_redirect_uri=${encodeURIComponent(LOGOUT_RETURN)}&state=%00`, server.origin));
    expect(logout.status).toBe(400);
    expect(await logout.json()).toEqual({ error: "invalid_request", error_description: expect.any(String) });
    await signedIn(browser, user);
    const { result } = await authorize(apps.web, browser, { state: "a\u0000b" });
    if (!("page" in result)) throw new Error("expected a refusal, not a redirect");
    expect(result.page.status).toBe(400);
    expect((await fetch(`${server.origin}/v2/logout?returnTo=%00`, { redirect: "manual" })).status).toBe(400);
  });

  it("asks for a fresh sign-in when max_age has passed, and not before", async () => {
    const browser = new TestBrowser();
    await signedIn(browser, user, Date.now() - 120_000);
    const stale = await authorize(apps.web, browser, { max_age: "60" });
    expect("page" in stale.result && stale.result.url.pathname).toBe("/login");
    const fresh = await authorize(apps.web, browser, { max_age: "600" });
    expect("stoppedAt" in fresh.result && fresh.result.stoppedAt.searchParams.has("code")).toBe(true);
  });

  describe("APIs (resource servers)", () => {
    const INVOICES = "https://invoices.example/api";
    const REPORTS = "https://reports.example/api";
    beforeAll(async () => {
      await createResourceServer({ identifier: INVOICES, name: "Invoices", scopes: [{ value: "read:invoices", description: "" }, { value: "write:invoices", description: "" }] });
      await createResourceServer({ identifier: REPORTS, name: "Reports", signing_alg: "ES256", token_lifetime: 600, scopes: [{ value: "read:reports", description: "" }] });
      await setClientGrant(apps.web.clientId, INVOICES, ["read:invoices", "delete:everything"]);
      await setClientGrant(apps.web.clientId, REPORTS, ["read:reports"]);
    });

    async function apiTokens(audience: string, scope: string) {
      const browser = new TestBrowser();
      await signedIn(browser, user);
      const { result, checks } = await authorize(apps.web, browser, { audience, scope });
      if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href}`);
      return { result, checks };
    }

    it("gives an application that asks with audience=<identifier> a JWT for that API, with only the scopes the API defines and the app was granted", async () => {
      const { result, checks } = await apiTokens(INVOICES, "openid profile read:invoices write:invoices delete:everything");
      const tokens = await client.authorizationCodeGrant(apps.web.rp, result.stoppedAt, checks);
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, await jwks(), { issuer: server.issuer, audience: INVOICES });
      expect(protectedHeader.alg).toBe("RS256");
      expect(payload.sub).toBe(`auth0|${user.id}`);
      expect(String(payload.scope).split(" ")).toContain("read:invoices");
      expect(String(payload.scope).split(" ")).not.toContain("write:invoices");
      expect(String(payload.scope).split(" ")).not.toContain("delete:everything");
      expect(payload.client_id).toBe(apps.web.clientId);
    });

    it("signs with the API's algorithm and lifetime", async () => {
      const { result, checks } = await apiTokens(REPORTS, "openid read:reports");
      const tokens = await client.authorizationCodeGrant(apps.web.rp, result.stoppedAt, checks);
      expect(decodeProtectedHeader(tokens.access_token).alg).toBe("ES256");
      const { payload } = await jwtVerify(tokens.access_token, await jwks(), { issuer: server.issuer, audience: REPORTS });
      expect(payload.exp! - payload.iat!).toBe(600);
    });

    it("refuses an API the application has no grant for, and an unknown one, with invalid_target", async () => {
      const browser = new TestBrowser();
      await signedIn(browser, user);
      for (const [app, audience] of [[apps.es256, INVOICES], [apps.web, "https://unknown.example/api"], [apps.web, "not a uri"]] as const) {
        const { result } = await authorize(app, browser, { audience });
        expect("stoppedAt" in result && result.stoppedAt.searchParams.get("error")).toBe("invalid_target");
      }
    });
  });

  describe("logout", () => {
    it("never returns to a URL the application did not register (open redirect)", async () => {
      const { browser } = await signInToApp(apps.web);
      for (const returnTo of ["https://evil.example/", `${LOGOUT_RETURN}x`, "//evil.example", "javascript:alert(1)"]) {
        const shim = await browser.request(new URL(`/v2/logout?client_id=${apps.web.clientId}&returnTo=${encodeURIComponent(returnTo)}`, server.origin));
        const location = shim.headers.get("location")!;
        expect(new URL(location, server.origin).origin).toBe(server.origin);
        const page = await browser.request(new URL(location, server.origin));
        expect(page.status).toBe(400);
        expect(page.headers.get("location")).toBe(null);
      }
      // Without an application, Auth0's returnTo has no list to be checked against: it is dropped.
      const noClient = await browser.request(new URL(`/v2/logout?returnTo=${encodeURIComponent("https://evil.example/")}`, server.origin));
      expect(noClient.headers.get("location")).toBe("/oidc/logout");
    });

    it("sends a logout token to an application that registered a back-channel URI, verified against the JWKS", async () => {
      const { browser, tokens } = await signInToApp(apps.backchannel);
      const sid = tokens.claims()!.sid;
      const logout = client.buildEndSessionUrl(apps.backchannel.rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGOUT_RETURN });
      const confirm = await browser.follow(logout, LOGOUT_RETURN);
      if (!("page" in confirm)) throw new Error("expected the confirmation page");
      const html = await confirm.page.text();
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
      const action = /action="([^"]+)"/.exec(html)![1]!;
      const before = logoutTokens.length;
      const done = await browser.follow(new URL(action, server.origin), LOGOUT_RETURN, { form: { xsrf, logout: "yes" } });
      expect("stoppedAt" in done && done.stoppedAt.href).toBe(LOGOUT_RETURN);
      expect(logoutTokens.length).toBe(before + 1);
      const { payload, protectedHeader } = await jwtVerify(logoutTokens.at(-1)!, await jwks(), { issuer: server.issuer, audience: apps.backchannel.clientId });
      expect(protectedHeader.typ).toBe("logout+jwt");
      expect(payload.sub).toBe(`auth0|${user.id}`);
      expect(payload.sid).toBe(sid);
      expect(payload.events).toEqual({ "http://schemas.openid.net/event/backchannel-logout": {} });
      expect(payload.nonce).toBe(undefined);
    });
  });

  it("deletes every provider row of a user who is deleted; their tokens stop at once", async () => {
    const gone = await createUser({ email: `del-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { tokens } = await signInToApp(apps.web, new TestBrowser(), gone);
    const db = await prisma();
    expect(await db.oidcPayload.count({ where: { accountId: `auth0|${gone.id}` } })).toBeGreaterThan(0);
    await deleteUser(gone.id, { kind: "admin", id: "admin-test" }, testRequestContext());
    expect(await db.oidcPayload.count({ where: { accountId: `auth0|${gone.id}` } })).toBe(0);
    await expect(client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${gone.id}`)).rejects.toMatchObject({ status: 401 });
    await expect(client.refreshTokenGrant(apps.web.rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("ends every access and refresh token of the user when the password changes", async () => {
    const victim = await createUser({ email: `pw-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { browser, tokens } = await signInToApp(apps.web, new TestBrowser(), victim);
    await client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${victim.id}`);
    const db = await prisma();
    expect(await db.oidcPayload.count({ where: { accountId: `auth0|${victim.id}`, model: { in: ["AccessToken", "RefreshToken", "Grant", "Session"] } } })).toBe(4);
    const [grant] = await db.oidcPayload.findMany({ where: { accountId: `auth0|${victim.id}`, model: "Grant" } });
    // The grant's session-version record carries the grant's id and no account.
    expect(await db.oidcPayload.count({ where: { grantId: grant!.id, accountId: null } })).toBe(1);
    await setUserPassword({ userId: victim.id, newPassword: "Another-Quiet-Harbor-77", reason: "admin", ctx: testRequestContext(), actor: "test" });
    // The rows themselves are gone, in every application, not only refused.
    expect(await db.oidcPayload.count({ where: { accountId: `auth0|${victim.id}` } })).toBe(0);
    expect(await db.oidcPayload.count({ where: { grantId: grant!.id } })).toBe(0);
    await expect(client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${victim.id}`)).rejects.toMatchObject({ status: 401 });
    await expect(client.refreshTokenGrant(apps.web.rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // The old Rekey session died too: a silent authorization needs a new sign-in.
    const silent = await authorize(apps.web, browser, { prompt: "none" });
    expect("stoppedAt" in silent.result && silent.result.stoppedAt.searchParams.get("error")).toBe("login_required");
  });

  // Regression (production storm): a request carrying the signed cookie of a provider session that is
  // gone made oidc-provider save a fresh empty session, under a new id each time, refused or not.
  it("writes no session for refused requests that carry the cookie of a session that is gone", async () => {
    const gone = await createUser({ email: `gone-session-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { browser } = await signInToApp(apps.web, new TestBrowser(), gone);
    expect(browser.has("_session")).toBe(true);
    // The password change deletes the user's provider rows; the browser keeps its signed cookie.
    await setUserPassword({ userId: gone.id, newPassword: "Another-Quiet-Harbor-78", reason: "admin", ctx: testRequestContext(), actor: "test" });
    const db = await prisma();
    const sessions = () => db.oidcPayload.count({ where: { model: "Session" } });
    const before = await sessions();
    for (let i = 0; i < 3; i++) {
      const refused = await browser.request(new URL("/oidc/logout/confirm", server.origin), { form: { xsrf: "forged", logout: "yes" } });
      expect(refused.status).toBe(400);
      const unknown = await browser.request(new URL(`/authorize?client_id=unknown&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(CALLBACK)}`, server.origin));
      expect(unknown.status).toBe(400);
    }
    expect(await sessions()).toBe(before);
  });

  it("ends every token of a user who is blocked, and unblocking does not bring them back", async () => {
    const blocked = await createUser({ email: `block-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const { tokens } = await signInToApp(apps.web, new TestBrowser(), blocked);
    await setUserBlocked(blocked.id, true, { id: "admin-test" }, testRequestContext());
    await expect(client.fetchUserInfo(apps.web.rp, tokens.access_token, `auth0|${blocked.id}`)).rejects.toMatchObject({ status: 401 });
    await setUserBlocked(blocked.id, false, { id: "admin-test" }, testRequestContext());
    await expect(client.refreshTokenGrant(apps.web.rp, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });
  describe("back-channel logout when the user's sessions end", () => {
    /** Runs every due job as the worker does: the logout tokens go out here, never in the request. */
    async function drainJobs() {
      const worker = createWorker({ handlers: jobHandlers(), workerId: "oidc-test", logger: silentLogger });
      while ((await worker.runOnce()) > 0);
    }

    async function pendingLogoutJobs() {
      const db = await prisma();
      return db.job.findMany({ where: { type: "oidc.backchannel_logout.send", status: "pending" } });
    }

    const endings = {
      "a password change": (u: User) => setUserPassword({ userId: u.id, newPassword: "Another-Quiet-Harbor-77", reason: "admin", ctx: testRequestContext(), actor: "test" }),
      "a block": (u: User) => setUserBlocked(u.id, true, { id: "admin-test" }, testRequestContext()),
      "a deletion": (u: User) => deleteUser(u.id, { kind: "admin", id: "admin-test" }, testRequestContext()),
    };

    it.each(Object.keys(endings) as (keyof typeof endings)[])("sends one logout token, with the session's sid, to each application with a URI after %s", async (ending) => {
      const who = await createUser({ email: `bcl-${ending.split(" ")[1]}-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
      const { browser, tokens } = await signInToApp(apps.backchannel, new TestBrowser(), who);
      // The same browser session in an application without a URI: it is owed nothing.
      await signInToApp(apps.web, browser, who);
      await drainJobs();
      const before = logoutTokens.length;

      await endings[ending](who);
      expect((await pendingLogoutJobs()).map((j) => j.payload)).toEqual([{ clientId: apps.backchannel.clientId, accountId: `auth0|${who.id}`, sid: tokens.claims()!.sid }]);
      await drainJobs();

      expect(logoutTokens.length).toBe(before + 1);
      const { payload, protectedHeader } = await jwtVerify(logoutTokens.at(-1)!, await jwks(), { issuer: server.issuer, audience: apps.backchannel.clientId, typ: "logout+jwt" });
      expect(protectedHeader.alg).toBe("RS256");
      expect(payload).toMatchObject({ sub: `auth0|${who.id}`, sid: tokens.claims()!.sid, events: { "http://schemas.openid.net/event/backchannel-logout": {} } });
      expect(payload.jti).toEqual(expect.any(String));
      expect(await pendingLogoutJobs()).toEqual([]);
    });

    it("keeps the token owed when the application does not answer 200, and sends it on a later attempt", async () => {
      const who = await createUser({ email: `bcl-retry-${kind}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
      await signInToApp(apps.backchannel, new TestBrowser(), who);
      await drainJobs();
      const before = logoutTokens.length;
      receiverAnswers = [503];
      await setUserBlocked(who.id, true, { id: "admin-test" }, testRequestContext());
      await drainJobs();
      const [waiting] = await pendingLogoutJobs();
      expect(waiting).toMatchObject({ attempts: 1, lastError: expect.stringContaining("503") });
      expect(logoutTokens.length).toBe(before);
      // Its backoff over (made due now rather than waited for):
      await (await prisma()).job.update({ where: { id: waiting!.id }, data: { runAt: new Date() } });
      await drainJobs();
      expect(logoutTokens.length).toBe(before + 1);
      expect((await jwtVerify(logoutTokens.at(-1)!, await jwks(), { issuer: server.issuer, audience: apps.backchannel.clientId })).payload.sub).toBe(`auth0|${who.id}`);
    });
  });
});
