import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import * as client from "openid-client";
import { TestBrowser } from "../lib/oidc/testing/browser";
import { startBalancer, type Balancer } from "./fixtures/balancer";
import { managementToken, startCluster, type Cluster } from "./fixtures/cluster";
import { bodyArb, clientAddress, enc, headerText, nastyString } from "./fixtures/hostile-input";
import { leaksIn, pool, snapshot, snapshotDiff, waitForIdleWorker, type Sent } from "./fixtures/hostile";

// Rekey as an OpenID Provider in production (issue 12): two servers and one worker on one
// PostgreSQL schema behind the balancer, two applications seeded at start. A relying party
// (openid-client) whose every request lands on the other instance than the one before; a password
// change on one instance ending everything on both; a hostile storm on the provider's endpoints.
// Ports 3710–3719 are this suite's (wake.spec.ts has 3700): servers 3710 and 3711, the balancer
// 3712; the applications' callbacks name 3718 and 3719 (nothing listens there: the test stops at
// the redirect).
const BASE_PORT = 3710;
const BALANCER_PORT = 3712;
const A = 0;
const B = 1;
const NAMES = ["A", "B"];
const CONNECTION = "Username-Password-Authentication";
const PASSWORD = "Quartz-Harbor-Lantern-58";
const EVIL = "https://evil.example";

const APPS = [1, 2].map((n) => ({
  clientId: `oidc-suite-app-${n}`,
  secret: `oidc-suite-app-${n}-secret-0123456789abcdefghij`,
  name: `Suite App ${n}`,
  callback: `http://127.0.0.1:${3717 + n}/callback`,
  logout: `http://127.0.0.1:${3717 + n}/`,
}));
const [ONE, TWO] = APPS as [(typeof APPS)[number], (typeof APPS)[number]];

test.describe.configure({ mode: "serial" });

let cluster: Cluster;
let balancer: Balancer;
let issuer: string;
let token: string;
const rp = new Map<string, client.Configuration>();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  balancer = await startBalancer({ port: BALANCER_PORT, backends: [`http://127.0.0.1:${BASE_PORT}`, `http://127.0.0.1:${BASE_PORT + 1}`] });
  issuer = `${balancer.url}/`;
  cluster = await startCluster({
    name: "oidc",
    servers: 2,
    workers: 1,
    basePort: BASE_PORT,
    publicUrl: balancer.url,
    // Two hops: what the client says it is (the storm spreads itself over many addresses, so that
    // the per-address limits do not answer for the input), then the balancer's own entry.
    env: {
      TRUST_PROXY: "2",
      SEED_APPLICATIONS: JSON.stringify(
        APPS.map((app) => ({ client_id: app.clientId, client_secret: app.secret, name: app.name, app_type: "regular_web", callbacks: [app.callback], allowed_logout_urls: [app.logout], initiate_login_uri: app.logout })),
      ),
    },
  });
  token = await managementToken(cluster.servers[A]!.url!, balancer.url);
  balancer.use(A);
  for (const app of APPS) {
    rp.set(app.clientId, await client.discovery(new URL(issuer), app.clientId, undefined, client.ClientSecretPost(app.secret), { execute: [client.allowInsecureRequests] }));
  }
});

test.afterAll(async () => {
  await cluster?.close();
  await balancer?.close();
});

async function createUser(email: string): Promise<string> {
  balancer.use(A);
  const response = await fetch(`${balancer.url}/api/v2/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ connection: CONNECTION, email, password: PASSWORD, email_verified: true }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { user_id: string }).user_id;
}

type Walked = { stoppedAt: URL } | { page: Response; url: URL; html: string };

/**
 * A browser whose requests alternate between the instances: each request goes to the other
 * instance than the one before, and the balancer's record proves it did.
 */
class AlternatingBrowser extends TestBrowser {
  next = A;
  /** The instance and path of every request, in order. */
  readonly trail: { backend: number; method: string; path: string; status: number }[] = [];

  /** Runs `step` (one or more requests) on the next instance; every request of it must land there. */
  async on<T>(step: () => Promise<T>): Promise<T> {
    const backend = this.next;
    this.next = 1 - backend;
    balancer.use(backend);
    const mark = balancer.mark();
    const result = await step();
    const served = balancer.since(mark);
    expect(served.length, "the step made a request").toBeGreaterThan(0);
    for (const f of served) {
      expect(NAMES[f.backend], `${f.method} ${f.path} served by ${NAMES[backend]}`).toBe(NAMES[backend]);
      this.trail.push({ backend: f.backend, method: f.method, path: new URL(f.path, "http://x").pathname, status: f.status ?? 0 });
    }
    return result;
  }

  /** Follows redirects one hop at a time, each hop on the other instance, until `stopAt` or a page. */
  async walk(url: URL | string, stopAt: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Walked> {
    let next = new URL(url, balancer.url);
    let options = init;
    for (let hop = 0; hop < 20; hop++) {
      if (next.href.startsWith(stopAt)) return { stoppedAt: next };
      const response = await this.on(() => this.request(next, options));
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        options = {};
        continue;
      }
      return { page: response, url: next, html: await response.text() };
    }
    throw new Error("too many redirects");
  }
}

async function authorizationRequest(app: (typeof APPS)[number], extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
  const url = client.buildAuthorizationUrl(rp.get(app.clientId)!, {
    redirect_uri: app.callback,
    scope: "openid profile email offline_access",
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...extra,
  });
  return { url, checks };
}

/** Signs in through the application's /authorize, the sign-in form included; returns the tokens. */
async function signInToApp(browser: AlternatingBrowser, app: (typeof APPS)[number], email: string) {
  const { url, checks } = await authorizationRequest(app);
  let walked = await browser.walk(url, app.callback);
  if ("page" in walked) {
    // The sign-in page, then the form posted as a browser without JavaScript posts it.
    expect(walked.url.pathname, walked.html.slice(0, 300)).toBe("/login");
    const callbackUrl = walked.url.searchParams.get("callbackUrl")!;
    expect(callbackUrl).toMatch(/^\/interaction\/[\w-]+$/);
    walked = await browser.walk(new URL("/login/submit", balancer.url), app.callback, {
      form: { identifier: email, password: PASSWORD, callbackUrl },
      headers: { origin: balancer.url },
    });
  }
  if (!("stoppedAt" in walked)) throw new Error(`stopped at ${walked.url.href} (${walked.page.status}): ${walked.html.slice(0, 300)}`);
  const tokens = await browser.on(() => client.authorizationCodeGrant(rp.get(app.clientId)!, walked.stoppedAt, checks));
  return tokens;
}

async function jwksOf(backend: number): Promise<JSONWebKeySet> {
  return (await (await fetch(`${cluster.servers[backend]!.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
}

/** A silent authorization (prompt=none) on `backend`: the error it returns to the app, or "code". */
async function silentAuthorization(browser: TestBrowser, app: (typeof APPS)[number], backend: number): Promise<string> {
  const { url } = await authorizationRequest(app, { prompt: "none" });
  balancer.use(backend);
  const mark = balancer.mark();
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    if (next.href.startsWith(app.callback)) break;
    const response = await browser.request(next);
    const location = response.headers.get("location");
    expect(location, `${next.pathname} → ${response.status}`).not.toBe(null);
    next = new URL(location!, next);
  }
  expect(balancer.since(mark).every((f) => f.backend === backend)).toBe(true);
  return next.searchParams.get("error") ?? (next.searchParams.has("code") ? "code" : `none: ${next.href}`);
}

test("code + PKCE with openid-client, every request on the other instance: authorize, sign-in, code, userinfo, refresh, end session", async () => {
  const email = `oidc-flow-${Date.now()}@example.com`;
  const userId = await createUser(email);
  const browser = new AlternatingBrowser();

  const tokens = await signInToApp(browser, ONE, email);
  const paths = browser.trail.map((t) => `${t.method} ${t.path.replace(/\/interaction\/[\w-]+/, "/interaction/<uid>").replace(/\/authorize\/[\w-]+/, "/authorize/<uid>")}`);
  // The whole way, request by request: the sign-in form and both prompts (login, consent) included.
  for (const step of ["GET /authorize", "GET /interaction/<uid>", "GET /login", "POST /login/submit", "GET /authorize/<uid>", "POST /oauth/token"]) expect(paths, step).toContain(step);
  expect(browser.trail.map((t) => t.backend), "each request on the other instance").toEqual(browser.trail.map((_, i) => i % 2));

  // The ID token: openid-client checked iss, aud, nonce and the code's PKCE; its signature verifies
  // against the JWKS of either instance (one key set, in the database).
  const claims = tokens.claims()!;
  expect(claims.sub).toBe(userId);
  expect(claims.email).toBe(email);
  const [jwksA, jwksB] = [await jwksOf(A), await jwksOf(B)];
  expect(jwksA).toEqual(jwksB);
  await jwtVerify(tokens.id_token!, createLocalJWKSet(jwksB), { issuer, audience: ONE.clientId });

  const config = rp.get(ONE.clientId)!;
  const info = await browser.on(() => client.fetchUserInfo(config, tokens.access_token, userId));
  expect(info.email).toBe(email);
  const refreshed = await browser.on(() => client.refreshTokenGrant(config, tokens.refresh_token!));
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect((await browser.on(() => client.fetchUserInfo(config, refreshed.access_token, userId))).sub).toBe(userId);
  // Reuse of the rotated refresh token, on the other instance than the rotation: refused, and the grant ends.
  await expect(browser.on(() => client.refreshTokenGrant(config, tokens.refresh_token!))).rejects.toMatchObject({ error: "invalid_grant" });
  await expect(browser.on(() => client.refreshTokenGrant(config, refreshed.refresh_token!))).rejects.toMatchObject({ error: "invalid_grant" });

  // A new sign-in (single sign-on: no sign-in form) for the end session.
  const again = await signInToApp(browser, ONE, email);
  const logout = client.buildEndSessionUrl(config, { id_token_hint: again.id_token!, post_logout_redirect_uri: ONE.logout, state: "bye" });
  const confirm = await browser.walk(logout, ONE.logout);
  if (!("page" in confirm)) throw new Error("expected the sign-out confirmation");
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)![1]!;
  const action = /action="([^"]+)"/.exec(confirm.html)![1]!;
  const done = await browser.walk(new URL(action, balancer.url), ONE.logout, { form: { xsrf, logout: "yes" } });
  expect("stoppedAt" in done && done.stoppedAt.href).toBe(`${ONE.logout}?state=bye`);
  expect(browser.trail.map((t) => t.backend), "each request on the other instance").toEqual(browser.trail.map((_, i) => i % 2));

  // Signed out on both instances: a silent authorization needs a sign-in, wherever it lands.
  expect(await silentAuthorization(browser, ONE, A)).toBe("login_required");
  expect(await silentAuthorization(browser, ONE, B)).toBe("login_required");
  console.log(`[oidc] flow: ${browser.trail.length} requests alternating A/B: ${browser.trail.map((t) => `${NAMES[t.backend]} ${t.method} ${t.path.slice(0, 24)} ${t.status}`).join(" | ")}`);
});

test("single sign-on across two apps; a password change on A ends the sessions, refresh and access tokens on both instances", async () => {
  const email = `oidc-sso-${Date.now()}@example.com`;
  const userId = await createUser(email);
  const browser = new AlternatingBrowser();
  const one = await signInToApp(browser, ONE, email);
  const before = browser.trail.length;
  const two = await signInToApp(browser, TWO, email);
  const ssoPaths = browser.trail.slice(before).map((t) => t.path);
  expect(ssoPaths, "the second app signs in without the sign-in form").not.toContain("/login");
  expect(ssoPaths).not.toContain("/login/submit");
  expect(two.claims()!.sub).toBe(userId);

  const tokens = [
    { app: ONE, tokens: one },
    { app: TWO, tokens: two },
  ];
  // Everything works on both instances first (so the refusals below are the change's doing).
  for (const backend of [A, B]) {
    balancer.use(backend);
    for (const { app, tokens: t } of tokens) expect((await client.fetchUserInfo(rp.get(app.clientId)!, t.access_token, userId)).sub).toBe(userId);
    expect((await fetch(`${balancer.url}/account`, { headers: { cookie: browser.cookieHeader(new URL("/account", balancer.url)) }, redirect: "manual" })).status).toBe(200);
  }

  balancer.use(A);
  const mark = balancer.mark();
  const patch = await fetch(`${balancer.url}/api/v2/users/${encodeURIComponent(userId)}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ connection: CONNECTION, password: "Another-Quiet-Harbor-77" }),
  });
  expect(patch.status, await patch.clone().text()).toBe(200);
  expect(balancer.since(mark).map((f) => NAMES[f.backend])).toEqual(["A"]);

  // Access tokens (userinfo), refresh tokens and the sessions: refused on both, for both apps.
  for (const backend of [B, A]) {
    balancer.use(backend);
    for (const { app, tokens: t } of tokens) {
      const config = rp.get(app.clientId)!;
      await expect(client.fetchUserInfo(config, t.access_token, userId), `userinfo ${app.name} on ${NAMES[backend]}`).rejects.toMatchObject({ status: 401 });
      const userinfo = await fetch(`${balancer.url}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } });
      expect(userinfo.status).toBe(401);
      expect(userinfo.headers.get("www-authenticate")).toContain("invalid_token");
    }
    const account = await fetch(`${balancer.url}/account`, { headers: { cookie: browser.cookieHeader(new URL("/account", balancer.url)) }, redirect: "manual" });
    expect(account.status, `the Rekey session on ${NAMES[backend]}`).toBeGreaterThanOrEqual(300);
    expect(account.headers.get("location") ?? "").toContain("/login");
    for (const app of APPS) expect(await silentAuthorization(browser, app, backend), `prompt=none ${app.name} on ${NAMES[backend]}`).toBe("login_required");
  }
  balancer.use(B);
  await expect(client.refreshTokenGrant(rp.get(ONE.clientId)!, one.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  balancer.use(A);
  await expect(client.refreshTokenGrant(rp.get(TWO.clientId)!, two.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  // The rows themselves are gone, not only refused.
  const [rows] = await cluster.sql().query<{ n: number }>("SELECT count(*)::int AS n FROM oidc_payloads WHERE account_id = $1 AND model IN ('AccessToken','RefreshToken','Grant','Session')", [userId]);
  expect(rows!.n).toBe(0);
});

// Each input below was found by a seed of the storm (its own seed or another one) and once failed;
// they are sent every run, whatever the seed.
test("every input that once failed on the provider gets its 4xx in the OAuth error shape, and writes nothing", async () => {
  const sql = cluster.sql();
  await waitForIdleWorker(sql);
  const before = await snapshot(sql);
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const cases: [string, RequestInit, number][] = [
    // A NUL in a presented token reached PostgreSQL (500).
    ["/userinfo", { method: "POST", headers: form, body: "access_token=%00" }, 401],
    ["/oauth/revoke", { method: "POST", headers: form, body: new URLSearchParams({ token: "x\u0000y", client_id: ONE.clientId, client_secret: ONE.secret }) }, 200],
    // A NUL in a query parameter reached the provider's session (500).
    [`/oidc/logout?client_id=${ONE.clientId}&post_logout_redirect_uri=${encodeURIComponent(ONE.logout)}&state=%00`, { method: "GET" }, 400],
    // A method an endpoint does not serve answered koa's plain-text "Not Found".
    ["/authorize", { method: "POST", headers: form, body: `client_id=${ONE.clientId}&response_type=code&scope=openid` }, 405],
    ["/.well-known/jwks.json", { method: "PUT" }, 405],
  ];
  for (const backend of [A, B]) {
    balancer.use(backend);
    for (const [path, init, status] of cases) {
      const response = await fetch(`${balancer.url}${path}`, { ...init, redirect: "manual" });
      const text = await response.text();
      expect(response.status, `${init.method} ${path} on ${NAMES[backend]}: ${text}`).toBe(status);
      if (status >= 400) expect(JSON.parse(text)).toEqual({ error: expect.any(String), error_description: expect.any(String) });
    }
  }
  await waitForIdleWorker(sql);
  expect(snapshotDiff(before, await snapshot(sql)), "tables written by the refused requests").toEqual([]);
  // A refused request with the signed cookie of a provider session that is gone saved a new empty session each time.
  const email = `oidc-gone-${Date.now()}@example.com`;
  const userId = await createUser(email);
  const browser = new AlternatingBrowser();
  await signInToApp(browser, ONE, email);
  await cluster.sql().query("DELETE FROM oidc_payloads WHERE model = 'Session' AND account_id = $1", [userId]);
  const after = await snapshot(sql);
  for (const backend of [A, B]) {
    balancer.use(backend);
    const refused = await browser.request(new URL("/oidc/logout/confirm", balancer.url), { form: { xsrf: "forged", logout: "yes" } });
    expect(refused.status).toBe(400);
  }
  await waitForIdleWorker(sql);
  expect(snapshotDiff(after, await snapshot(sql)), "tables written by the refused confirmations").toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The storm on the provider's endpoints.

const SEED = Number(process.env.HOSTILE_SEED ?? 20261207);
const CONCURRENCY = 8;

type OidcStormRequest = { method?: string; path?: string; query?: string; headers: Record<string, string>; body?: string };
type OidcTarget = {
  name: string;
  method: string;
  path: string;
  arb: fc.Arbitrary<OidcStormRequest>;
  runs: number;
  /** A request here writes nothing, accepted or not (discovery, keys, userinfo). */
  readOnly?: boolean;
};

/** Where the provider may send a browser: our origin, or exactly an application's registered URI. */
function allowedRedirect(location: string): boolean {
  const target = new URL(location, balancer.url);
  if (target.origin === new URL(balancer.url).origin) return true;
  const bare = `${target.origin}${target.pathname}`;
  return APPS.some((app) => bare === app.callback || bare === app.logout);
}

const counts: Record<string, number> = {};
const failures: string[] = [];
/** Redirects to an application's registered URI (an error or a code sent back), by target. */
const toApps: Record<string, number> = {};

function check(target: OidcTarget, request: OidcStormRequest, sent: Sent): string | undefined {
  const what = `${request.method ?? target.method} ${request.path ?? target.path}${request.query ? `?${request.query.slice(0, 100)}` : ""} → ${sent.status}`;
  if (sent.status >= 500) return `${what}: 5xx ${sent.text.slice(0, 200)}`;
  const leaks = leaksIn(sent.text);
  if (leaks.length) return `${what}: leaks ${leaks.join(", ")}: ${sent.text.slice(0, 300)}`;
  if (sent.location && !allowedRedirect(sent.location)) return `${what}: redirect to an unregistered ${sent.location}`;
  // form_post answers with a page that posts itself to the redirect_uri: the same rule.
  for (const m of sent.text.matchAll(/<form[^>]*action="([^"]*)"/g)) if (!allowedRedirect(m[1]!.replace(/&amp;/g, "&"))) return `${what}: form posting to an unregistered ${m[1]}`;
  if (sent.status >= 400 && sent.text) {
    const type = sent.headers.get("content-type") ?? "";
    if (type.includes("json")) {
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(sent.text) as Record<string, unknown>;
      } catch {
        return `${what}: JSON that does not parse: ${sent.text.slice(0, 200)}`;
      }
      if (!(typeof parsed?.error === "string" && typeof parsed.error_description === "string")) return `${what}: not the OAuth error shape: ${sent.text.slice(0, 200)}`;
    } else if (!type.includes("text/html")) return `${what}: neither the OAuth error shape nor a page (${type}): ${sent.text.slice(0, 200)}`;
  }
  return undefined;
}

/** Refused: a 4xx, or an error sent back to the application. */
function refused(sent: Sent): boolean {
  if (sent.status >= 400) return true;
  const location = sent.location ? new URL(sent.location, balancer.url) : undefined;
  if (location && (location.searchParams.has("error") || new URLSearchParams(location.hash.slice(1)).has("error"))) return true;
  return /\/reset\/error|\/login\?error/.test(sent.location ?? "");
}

async function storm(target: OidcTarget, seed: number) {
  const sql = cluster.sql();
  await waitForIdleWorker(sql);
  const before = await snapshot(sql);
  const rows = () => sql.query<{ row: string }>("SELECT model || ' ' || id || ' ' || coalesce(account_id, '-') || ' ' || md5(CASE WHEN model = 'Session' THEN (payload - 'exp')::text ELSE payload::text END) || ' ' || coalesce(consumed_at::text, '-') AS row FROM oidc_payloads");
  const rowsBefore = process.env.HOSTILE_DEBUG ? new Set((await rows()).map((r) => r.row)) : undefined;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      fc.assert(
        fc.asyncProperty(target.arb, async (request) => {
          const method = request.method ?? target.method;
          const url = `${balancer.url}${request.path ?? target.path}${request.query ? `?${request.query}` : ""}`;
          const sent = await send(url, { method, headers: request.headers, body: request.body });
          counts[target.name] = (counts[target.name] ?? 0) + 1;
          if (!refused(sent)) accepted++;
          if (sent.location && new URL(sent.location, balancer.url).origin !== new URL(balancer.url).origin) toApps[target.name] = (toApps[target.name] ?? 0) + 1;
          const problem = check(target, request, sent);
          if (problem) failures.push(problem);
          if (problem && process.env.HOSTILE_DEBUG) console.log(problem, "\n  sent:", JSON.stringify({ method, url: url.slice(0, 600), headers: request.headers, body: request.body?.slice(0, 400) }));
          return true;
        }),
        { numRuns: Math.ceil(target.runs / CONCURRENCY), seed: seed + i, endOnFailure: true },
      ),
    ),
  );
  await waitForIdleWorker(sql);
  const written = snapshotDiff(before, await snapshot(sql));
  if (rowsBefore && written.includes("oidc_payloads")) {
    const after = new Set((await rows()).map((r) => r.row));
    console.log(`${target.name} oidc_payloads: gone ${[...rowsBefore].filter((r) => !after.has(r)).join(" | ")}; new ${[...after].filter((r) => !rowsBefore.has(r)).join(" | ")}`);
  }
  if ((accepted === 0 || target.readOnly) && written.length) failures.push(`${target.name}: ${target.readOnly ? "a read-only endpoint" : "every request refused"}, yet ${written.join(", ")} changed`);
  return { accepted, written };
}

/**
 * A header value as a client can send it: fetch refuses control characters and anything past
 * Latin-1 (a raw client could send them; Node's HTTP parser refuses them before Rekey sees them).
 */
function headerValue(value: string): string {
  return value.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").trim();
}

async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Sent> {
  const headers = Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k, headerValue(v)]));
  try {
    const response = await fetch(url, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get("location") };
  } catch (error) {
    return { status: 599, headers: new Headers(), text: `client error: ${String(error)}`, location: null };
  }
}

test("the storm: ≥ 2,000 hostile requests on the provider's endpoints, no 5xx, no leak, no unregistered redirect, no write by a refused request", async () => {
  test.setTimeout(8 * 60_000);
  console.log(`fast-check seed ${SEED} (HOSTILE_SEED=${SEED} reproduces this run)`);
  balancer.roundRobin();

  // Real material for the storm to mix in: a signed-in browser, its tokens, pending interactions.
  const email = `oidc-storm-${Date.now()}@example.com`;
  await createUser(email);
  const signedIn = new AlternatingBrowser();
  const tokens = await signInToApp(signedIn, ONE, email);
  const usedCode = await (async () => {
    const { url, checks } = await authorizationRequest(ONE);
    const walked = await signedIn.walk(url, ONE.callback);
    if (!("stoppedAt" in walked)) throw new Error("no code");
    await client.authorizationCodeGrant(rp.get(ONE.clientId)!, walked.stoppedAt, checks);
    return walked.stoppedAt.searchParams.get("code")!;
  })();
  const pending = await pool(2, [ONE, TWO, ONE].map((app) => async () => {
    const browser = new TestBrowser();
    const { url } = await authorizationRequest(app);
    const response = await browser.request(url);
    const uid = /\/interaction\/([\w-]+)/.exec(response.headers.get("location") ?? "")?.[1];
    expect(uid, "a pending interaction").toMatch(/^[\w-]{43}$/);
    return { uid: uid!, cookie: browser.cookieHeader(new URL(`/interaction/${uid}`, balancer.url)), resume: browser.cookieHeader(new URL(`/authorize/${uid}`, balancer.url)) };
  }));
  const sessionCookies = signedIn.cookieHeader(new URL("/authorize", balancer.url));
  balancer.roundRobin();

  const clientIds = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(ONE.clientId, TWO.clientId) }, fc.constantFrom("unknown-app", "suite-client", ""), nastyString);
  const secrets = fc.oneof(fc.constantFrom(ONE.secret, TWO.secret, "wrong-secret", ""), nastyString);
  const redirects = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(ONE.callback, TWO.callback) },
    fc.constantFrom(`${EVIL}/callback`, `${ONE.callback}/x`, `${ONE.callback}?next=${EVIL}`, `${ONE.callback}#x`, ONE.callback.replace("3718", "3717"), ONE.callback.toUpperCase(), "//evil.example/callback", "javascript:alert(1)", "data:text/html,x", `http://127.0.0.1:3718@evil.example/callback`, `${ONE.callback}%00`, ONE.logout, `${ONE.callback}/../callback`, "http://127.0.0.1:3718/CALLBACK", "/callback"),
    nastyString,
  );
  const logoutReturns = fc.oneof(fc.constantFrom(ONE.logout, TWO.logout, `${EVIL}/`, `${ONE.logout}x`, "//evil.example", "javascript:alert(1)", ONE.callback), nastyString);
  const tokenValues = fc.oneof(fc.constantFrom(tokens.access_token, tokens.refresh_token!, tokens.id_token!, usedCode, "", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "\u0000", `${tokens.refresh_token!}\u0000`, `${tokens.access_token}%00`, "x".repeat(5000)), nastyString);
  const uids = fc.oneof(fc.constantFrom(...pending.map((p) => p.uid)), nastyString);
  const cookie = fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    fc.constant(sessionCookies),
    fc.constantFrom(...pending.flatMap((p) => [p.cookie, p.resume])),
    fc.constantFrom("_session=x; _session.sig=y", "_interaction=%00; _interaction.sig=", "next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.e30.x", "_session=" + "a".repeat(4000)),
    headerText,
  );
  // Up to two at once: a signed-in browser in the middle of an interaction, or a forged one beside a real one.
  const cookies = fc.array(cookie, { minLength: 1, maxLength: 2 }).map((c) => c.filter(Boolean).join("; "));
  const param = (name: string, value: fc.Arbitrary<string>) => fc.option(value.map((v) => [name, v] as [string, string]), { nil: undefined, freq: 3 });
  const AUTHORIZE_FIELDS = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "audience", "resource", "response_mode", "login_hint", "id_token_hint", "request", "request_uri", "claims", "ui_locales", "acr_values", "registration", "display"];
  const authorizeParams = fc
    .tuple(
      fc.tuple(
      param("client_id", clientIds),
      param("redirect_uri", redirects),
      param("response_type", fc.oneof(fc.constantFrom("code", "token", "id_token", "code id_token", "none", ""), nastyString)),
      param("scope", fc.oneof(fc.constantFrom("openid", "openid profile email offline_access", "profile", "openid read:invoices"), nastyString)),
      param("state", nastyString),
      param("nonce", nastyString),
      param("code_challenge", fc.oneof(fc.constant("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), nastyString)),
      param("code_challenge_method", fc.oneof(fc.constantFrom("S256", "plain", "none"), nastyString)),
      param("prompt", fc.oneof(fc.constantFrom("none", "login", "consent", "select_account", "none login", "create"), nastyString)),
      param("max_age", fc.oneof(fc.constantFrom("0", "-1", "1e308", "60", "NaN"), nastyString)),
      param("audience", fc.oneof(fc.constantFrom("https://unknown.example/api", `${balancer.url}/api/v2/`), nastyString)),
      param("response_mode", fc.oneof(fc.constantFrom("query", "fragment", "form_post", "web_message", "jwt", "query.jwt"), nastyString)),
      ),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...AUTHORIZE_FIELDS), nastyString), fc.oneof(tokenValues, nastyString)), { maxLength: 3 }),
    )
    .map(([known, extra]) => [...known.filter((p): p is [string, string] => p !== undefined), ...extra].map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"));
  const basicAuth = fc.tuple(clientIds, secrets).map(([id, secret]) => `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64")}`);
  const extraHeaders = fc.record(
    {
      cookie: cookies,
      authorization: fc.oneof(basicAuth, tokenValues.map((t) => `Bearer ${t}`), headerText),
      origin: fc.constantFrom("null", EVIL, balancer.url, ONE.logout.slice(0, -1)),
      "accept-language": headerText,
      "content-type": fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded; charset=utf-16"),
      // DPoP proofs (the provider reads the header where it is enabled), content negotiation, forwarding claims.
      dpop: fc.oneof(fc.constantFrom("a.b.c", "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2In0.e30.x", ""), headerText),
      accept: fc.constantFrom("application/json", "text/html", "*/*", "application/jwt", "text/x-component"),
      "x-forwarded-host": fc.constantFrom("evil.example", "localhost:1", ""),
      "x-forwarded-proto": fc.constantFrom("https", "gopher"),
    },
    { requiredKeys: [] },
  );
  const TOKEN_FIELDS = ["grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret", "refresh_token", "scope", "audience", "resource", "client_assertion", "client_assertion_type"];
  const tokenBody = fc.oneof(
    { weight: 3, arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom("authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:device_code", "implicit"), nastyString),
        fc.record({ code: fc.oneof(fc.constant(usedCode), tokenValues), redirect_uri: redirects, code_verifier: nastyString, client_id: clientIds, client_secret: secrets, refresh_token: tokenValues, scope: nastyString, resource: nastyString }, { requiredKeys: [] }),
        fc.boolean(),
      )
      .map(([grant, fields, json]) => {
        const all = { grant_type: grant, ...fields };
        return json ? { type: "application/json", body: JSON.stringify(all) } : { type: "application/x-www-form-urlencoded", body: Object.entries(all).map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join("&") };
      }) },
    bodyArb(TOKEN_FIELDS),
  );

  const clientAndHeaders = fc.tuple(clientAddress, extraHeaders);
  const withHeaders = (extra: Record<string, string>, address: string, pick: (keyof typeof extra)[]) => {
    const headers: Record<string, string> = { "x-forwarded-for": `${address}.7` };
    for (const key of [...pick, "dpop", "accept", "x-forwarded-host", "x-forwarded-proto"]) if (extra[key] !== undefined) headers[key] = extra[key]!;
    return headers;
  };
  const targets: OidcTarget[] = [];
  const add = (name: string, method: string, path: string, arb: fc.Arbitrary<OidcStormRequest>, runs: number, readOnly = false) => targets.push({ name, method, path, arb, runs, readOnly });

  for (const method of ["GET", "POST"]) {
    add(`${method} /authorize`, method, "/authorize", fc.tuple(authorizeParams, clientAndHeaders).map(([query, [address, extra]]) => {
      const headers = withHeaders(extra, address, ["cookie", "accept-language"]);
      if (method === "GET") return { query, headers };
      return { headers: { ...headers, "content-type": extra["content-type"] ?? "application/x-www-form-urlencoded" }, body: query };
    }), method === "GET" ? 300 : 60);
  }
  add("GET /authorize/<uid> (resume)", "GET", "/authorize/x", fc.tuple(uids, clientAndHeaders, fc.option(authorizeParams, { nil: undefined })).map(([uid, [address, extra], query]) => ({ path: `/authorize/${enc(uid) || "x"}`, query, headers: withHeaders(extra, address, ["cookie"]) })), 140);
  add("POST /oauth/token", "POST", "/oauth/token", fc.tuple(tokenBody, clientAndHeaders, fc.boolean()).map(([body, [address, extra], basic]) => {
    const headers = withHeaders(extra, address, basic ? ["authorization", "origin"] : ["origin"]);
    if (body.type) headers["content-type"] = body.type;
    return { headers, body: body.body };
  }), 300);
  for (const method of ["GET", "POST"]) {
    add(`${method} /userinfo`, method, "/userinfo", fc.tuple(clientAndHeaders, fc.option(fc.tuple(fc.oneof(fc.constant("access_token"), nastyString), tokenValues), { nil: undefined })).map(([[address, extra], param]) => {
      const headers = withHeaders(extra, address, ["authorization", "origin"]);
      const pair = param ? `${enc(param[0])}=${enc(param[1])}` : undefined;
      if (method === "GET") return { headers, query: pair };
      return { headers: { ...headers, "content-type": extra["content-type"] ?? "application/x-www-form-urlencoded" }, body: pair };
    }), method === "GET" ? 120 : 80, true);
  }
  add("POST /oauth/revoke", "POST", "/oauth/revoke", fc.tuple(clientAndHeaders, fc.record({ token: tokenValues, token_type_hint: fc.oneof(fc.constantFrom("access_token", "refresh_token"), nastyString), client_id: clientIds, client_secret: secrets }, { requiredKeys: [] }), fc.boolean()).map(([[address, extra], fields, basic]) => ({
    headers: { ...withHeaders(extra, address, basic ? ["authorization", "origin"] : ["origin"]), "content-type": extra["content-type"] ?? "application/x-www-form-urlencoded" },
    body: Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"),
  })), 160);
  // Introspection is not enabled: the path is nobody's, and answers as any unknown path does.
  add("POST /oauth/introspect", "POST", "/oauth/introspect", fc.tuple(clientAndHeaders, tokenValues).map(([[address, extra], value]) => ({ headers: { ...withHeaders(extra, address, ["authorization"]), "content-type": "application/x-www-form-urlencoded" }, body: `token=${enc(value)}` })), 40, true);
  add("GET /.well-known/*", "GET", "/.well-known/openid-configuration", fc.tuple(fc.constantFrom("/.well-known/openid-configuration", "/.well-known/jwks.json", "/.well-known/oauth-authorization-server", "/.well-known/x"), fc.option(fc.array(fc.tuple(nastyString, nastyString), { maxLength: 3 }).map((e) => e.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")), { nil: undefined }), clientAndHeaders, fc.constantFrom("GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS")).map(([path, query, [address, extra], method]) => ({ method, path, query, headers: withHeaders(extra, address, ["cookie", "origin", "accept-language"]) })), 160, true);
  add("GET /v2/logout", "GET", "/v2/logout", fc.tuple(fc.record({ client_id: clientIds, returnTo: logoutReturns, federated: fc.constant("") }, { requiredKeys: [] }), clientAndHeaders).map(([fields, [address, extra]]) => ({ query: Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"), headers: withHeaders(extra, address, ["cookie"]) })), 120, true);
  for (const method of ["GET", "POST"]) {
    add(`${method} /oidc/logout`, method, "/oidc/logout", fc.tuple(fc.record({ id_token_hint: tokenValues, post_logout_redirect_uri: logoutReturns, client_id: clientIds, state: nastyString, ui_locales: nastyString, logout_hint: nastyString }, { requiredKeys: [] }), clientAndHeaders).map(([fields, [address, extra]]) => {
      const encoded = Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
      const headers = withHeaders(extra, address, ["cookie", "origin"]);
      return method === "GET" ? { query: encoded, headers } : { headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: encoded };
    }), method === "GET" ? 140 : 40);
  }
  add("POST /oidc/logout/confirm", "POST", "/oidc/logout/confirm", fc.tuple(fc.record({ xsrf: nastyString, logout: fc.constantFrom("yes", "", "no") }, { requiredKeys: [] }), clientAndHeaders).map(([fields, [address, extra]]) => ({
    headers: { ...withHeaders(extra, address, ["cookie", "origin"]), "content-type": extra["content-type"] ?? "application/x-www-form-urlencoded" },
    body: Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"),
  })), 120);
  add("/interaction/<uid>[/confirm|/abort|/consent]", "GET", "/interaction/x", fc.tuple(uids, fc.constantFrom(["GET", ""], ["HEAD", ""], ["POST", ""], ["POST", "/confirm"], ["POST", "/abort"], ["GET", "/consent"], ["GET", "/confirm"], ["PUT", "/confirm"], ["POST", "/x/y"]), clientAndHeaders, fc.option(nastyString, { nil: undefined })).map(([uid, [method, suffix], [address, extra], body]) => ({
    method,
    path: `/interaction/${enc(uid) || "x"}${suffix}`,
    // An interaction that is gone sends the browser to the application's login URI named here.
    query: body && body.length % 3 === 0 ? `client_id=${enc(body.length % 2 ? ONE.clientId : body)}` : undefined,
    headers: { ...withHeaders(extra, address, ["cookie", "origin"]), ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: method === "POST" ? body : undefined,
  })), 200);
  for (const method of ["GET", "POST"]) {
    add(`${method} /continue`, method, "/continue", fc.tuple(fc.record({ state: fc.oneof(uids, nastyString), token: tokenValues, verified: fc.constantFrom("true", "1", "") }, { requiredKeys: [] }), clientAndHeaders).map(([fields, [address, extra]]) => {
      const encoded = Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
      const headers = withHeaders(extra, address, ["cookie", "origin"]);
      return method === "GET" ? { query: encoded, headers } : { query: `state=${enc(fields.state ?? "")}`, headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: encoded };
    }), 80);
  }

  const started = Date.now();
  const summary: string[] = [];
  for (const [i, target] of targets.entries()) {
    if (process.env.HOSTILE_ONLY && !target.name.includes(process.env.HOSTILE_ONLY)) continue;
    const { accepted, written } = await storm(target, SEED + i * 101);
    summary.push(`${String(counts[target.name] ?? 0).padStart(5)}  ${target.name}  (accepted ${accepted}, sent back to an app ${toApps[target.name] ?? 0}${written.length ? `, wrote ${written.join(" ")}` : ""})`);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const perBackend = [A, B].map((b) => balancer.forwarded.filter((f) => f.backend === b).length);
  console.log(`[oidc] storm: ${total} requests in ${Math.round((Date.now() - started) / 1000)} s (all requests so far: ${perBackend[0]} on A, ${perBackend[1]} on B)\n${summary.join("\n")}`);
  expect(failures, failures.slice(0, 25).join("\n")).toEqual([]);
  if (!process.env.HOSTILE_ONLY) {
    expect(total).toBeGreaterThanOrEqual(2_000);
    // The storm reached the provider's redirect logic, not only its parameter checks.
    expect(toApps["GET /authorize"] ?? 0, "errors sent back to a registered redirect_uri").toBeGreaterThan(0);
  }
  // Nothing went wrong inside either: no failed provider request, no uncaught error.
  for (const server of cluster.servers) {
    const log = fs.readFileSync(path.join(cluster.logDir, `${server.name}.log`), "utf8");
    expect(log, `${server.name}'s log`).not.toMatch(/uncaughtException|unhandledRejection|OpenID Provider request failed/);
  }
});
