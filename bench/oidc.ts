// OpenID Provider benchmark (print only; nothing asserts). Run alone with
// `npx tsx bench/oidc.ts [samples] [saturation seconds]` (it starts its own production server), or
// call benchOidc() from the bench runner against a server started with BENCH_OIDC_APPLICATION seeded.
//
//   sign-in through /authorize   an application's whole sign-in, no Rekey session yet: /authorize,
//                                the login interaction, the sign-in page, the password form (argon2
//                                verify), back through the login and consent interactions to the
//                                application's callback with a code; beside it one raw argon2
//                                verify in this process, taken right after each sign-in (paired)
//   SSO authorization round trip the same application again in the same browser, signed in to
//                                Rekey already: /authorize, its interactions, the callback with a
//                                code; no password
//   code → tokens                the token endpoint's authorization-code exchange (PKCE, client
//                                secret), for the code of the single sign-on round trip
//   refresh                      the token endpoint's refresh grant, with rotation
//   refresh at saturation        the refresh grant with autocannon, requests per second
//
// Each figure stands beside its floor (bench/oidc-floor.ts): the very same requests sent to a
// trivial HTTP server, what HTTP, fetch and the hops cost on this machine.
import os from "node:os";
import { pathToFileURL } from "node:url";
import * as client from "openid-client";
import { rawSampler } from "./argon2";
import { benchAuthorizationRequest } from "./oidc-authorize";
import { nextClientIp } from "./http";
import { RecordingBrowser } from "./oidc-browser";
import { replay, startFloorServer, type Sent } from "./oidc-floor";
import { saturateRefreshGrant, type RefreshSaturation } from "./oidc-refresh-flood";
import type { Saturation } from "./saturation";
import { startRekey, removeServerFiles } from "./server";
import { fmtMs, summarize, type Summary } from "./stats";
import { strongPassword, type BenchUser } from "./users";

/** The application the bench signs in to (nothing listens at its callback: the bench stops at the redirect). */
export const BENCH_OIDC_APP = {
  client_id: "bench-oidc-app",
  client_secret: "bench-oidc-app-secret-0123456789abcdefghij",
  name: "Bench app",
  app_type: "regular_web",
  callbacks: ["http://127.0.0.1:9/callback"],
} as const;
const CALLBACK = BENCH_OIDC_APP.callbacks[0];
/** SEED_APPLICATIONS for a bench server that benchOidc() measures. */
export const BENCH_OIDC_APPLICATION = JSON.stringify([BENCH_OIDC_APP]);

export type AgainstFloor = { rekey: Summary; floor: Summary };
export type OidcFigures = {
  signIn: AgainstFloor & { requests: number; rawVerify: Summary };
  sso: AgainstFloor & { requests: number };
  codeExchange: AgainstFloor;
  refresh: AgainstFloor;
  refreshSaturation: RefreshSaturation;
  loadAverage: number;
};

export type OidcBenchOptions = { samples: number; warmUp?: number; saturationSeconds: number; connections: number };

/** Measures the figures against `baseUrl` (a production server with BENCH_OIDC_APPLICATION seeded). */
export async function benchOidc(baseUrl: string, users: BenchUser[], options: OidcBenchOptions): Promise<OidcFigures> {
  const { samples, warmUp = 5 } = options;
  if (warmUp + samples < options.connections) throw new Error(`the refresh flood needs a refresh token per connection: at least ${options.connections} samples with warm-up`);
  const floor = await startFloorServer();
  const raw = rawSampler();
  try {
    const rp = await client.discovery(new URL(`${baseUrl}/`), BENCH_OIDC_APP.client_id, undefined, client.ClientSecretPost(BENCH_OIDC_APP.client_secret), { execute: [client.allowInsecureRequests] });
    const authorizationUrl = () => benchAuthorizationRequest(rp, CALLBACK);
    const tokenBody = (fields: Record<string, string>) => new URLSearchParams({ ...fields, client_id: BENCH_OIDC_APP.client_id, client_secret: BENCH_OIDC_APP.client_secret }).toString();
    const tokenRequest = (ip: string, fields: Record<string, string>): Sent => ({
      method: "POST",
      path: "/oauth/token",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body: tokenBody(fields),
    });
    const send = async (r: Sent) => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
      const json = (await response.json()) as { refresh_token?: string; error?: string };
      if (response.status !== 200) throw new Error(`${r.path}: ${response.status} ${JSON.stringify(json)}`);
      return { ms: performance.now() - started, json };
    };

    const times = { signIn: [] as number[], signInFloor: [] as number[], rawVerify: [] as number[], sso: [] as number[], ssoFloor: [] as number[], exchange: [] as number[], exchangeFloor: [] as number[], refresh: [] as number[], refreshFloor: [] as number[] };
    const requests = { signIn: 0, sso: 0 };
    /** Each sample's rotated refresh token, never used: the seeds of the refresh flood. */
    const unusedRefreshTokens: string[] = [];
    for (let i = 0; i < warmUp + samples; i++) {
      const user = users[i % users.length]!;
      const ip = nextClientIp();
      const browser = new RecordingBrowser(baseUrl, ip, CALLBACK);

      // 1. The whole sign-in, timed from /authorize to the callback, then one raw verify.
      const first = await authorizationUrl();
      const started = performance.now();
      const login = await browser.walk(first.url);
      if (login.pathname !== "/login") throw new Error(`expected the sign-in page, got ${login.href}`);
      const callback = await browser.walk(new URL("/login/submit", baseUrl), { identifier: user.email, password: user.password, callbackUrl: login.searchParams.get("callbackUrl")! });
      const signInMs = performance.now() - started;
      if (!callback.searchParams.get("code")) throw new Error(`no code: ${callback.href}`);
      const signInSent = browser.takeSent();
      requests.signIn = signInSent.length;
      const rawVerifyMs = await raw.verifyMs();
      const signInReplay = await replay(floor.url, signInSent);
      // The code of the timed sign-in is left unused: it expires in a minute, the sweep removes it.

      // 2. Single sign-on: the same application again, the Rekey session already there.
      const second = await authorizationUrl();
      const ssoStarted = performance.now();
      const ssoCallback = await browser.walk(second.url);
      const ssoMs = performance.now() - ssoStarted;
      const code = ssoCallback.searchParams.get("code");
      if (!code) throw new Error(`single sign-on gave no code: ${ssoCallback.href}`);
      const ssoSent = browser.takeSent();
      requests.sso = ssoSent.length;
      const ssoReplay = await replay(floor.url, ssoSent);

      // 3. Code → tokens, for the single sign-on's code.
      const exchangeRequest = tokenRequest(ip, { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: second.verifier });
      const exchanged = await send(exchangeRequest);
      const exchangeReplay = await replay(floor.url, [exchangeRequest]);

      // 4. The refresh grant, with the refresh token the exchange gave.
      const refreshRequest = tokenRequest(ip, { grant_type: "refresh_token", refresh_token: exchanged.json.refresh_token! });
      const refreshed = await send(refreshRequest);
      if (!refreshed.json.refresh_token) throw new Error("no rotated refresh token");
      unusedRefreshTokens.push(refreshed.json.refresh_token);
      const refreshReplay = await replay(floor.url, [refreshRequest]);

      if (i >= warmUp) {
        times.signIn.push(signInMs);
        times.signInFloor.push(signInReplay);
        times.rawVerify.push(rawVerifyMs);
        times.sso.push(ssoMs);
        times.ssoFloor.push(ssoReplay);
        times.exchange.push(exchanged.ms);
        times.exchangeFloor.push(exchangeReplay);
        times.refresh.push(refreshed.ms);
        times.refreshFloor.push(refreshReplay);
      }
    }
    // 5. The refresh grant at saturation, each sample's grant a chain of rotations of its own.
    const refreshSaturation = await saturateRefreshGrant(baseUrl, floor.url, {
      tokens: unusedRefreshTokens,
      body: (refreshToken) => tokenBody({ grant_type: "refresh_token", refresh_token: refreshToken }),
      seconds: options.saturationSeconds,
      connections: options.connections,
    });
    const figures: OidcFigures = {
      signIn: { rekey: summarize(times.signIn), floor: summarize(times.signInFloor), requests: requests.signIn, rawVerify: summarize(times.rawVerify) },
      sso: { rekey: summarize(times.sso), floor: summarize(times.ssoFloor), requests: requests.sso },
      codeExchange: { rekey: summarize(times.exchange), floor: summarize(times.exchangeFloor) },
      refresh: { rekey: summarize(times.refresh), floor: summarize(times.refreshFloor) },
      refreshSaturation,
      loadAverage: os.loadavg()[0]!,
    };
    printOidcFigures(figures);
    return figures;
  } finally {
    await floor.stop();
  }
}

/** Sign-in p50 minus the paired raw argon2 verify p50: what the sign-in costs besides its verify. */
export function signInBeyondVerifyMs(figures: OidcFigures): number {
  return figures.signIn.rekey.p50 - figures.signIn.rawVerify.p50;
}

export const describeSaturation = (s: Saturation) => `${s.requestsPerSecond.toFixed(1)} req/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${s.errors} errors of ${s.requests}`;

export function printOidcFigures(figures: OidcFigures): void {
  const line = (name: string, f: AgainstFloor) =>
    `${name.padEnd(46)} p50 ${fmtMs(f.rekey.p50).padStart(9)}  p95 ${fmtMs(f.rekey.p95).padStart(9)}   floor p50 ${fmtMs(f.floor.p50).padStart(8)}  p95 ${fmtMs(f.floor.p95).padStart(8)}   (n=${f.rekey.n})`;
  const { signIn, refreshSaturation: sat } = figures;
  console.log(line(`sign-in through /authorize (${signIn.requests} requests)`, signIn));
  console.log(`${"  minus raw argon2 verify p50 (paired)".padEnd(46)} ${fmtMs(signIn.rekey.p50)} − ${fmtMs(signIn.rawVerify.p50)} = ${fmtMs(signInBeyondVerifyMs(figures))}   floor p50 ${fmtMs(signIn.floor.p50)}`);
  console.log(line(`SSO authorization round trip (${figures.sso.requests} requests)`, figures.sso));
  console.log(line("token endpoint: code → tokens", figures.codeExchange));
  console.log(line("token endpoint: refresh (rotating)", figures.refresh));
  console.log(`${"token endpoint: refresh at saturation".padEnd(46)} ${describeSaturation(sat.rekey)}   floor ${sat.floor.requestsPerSecond.toFixed(0)} req/s (${sat.rekey.connections} connections, ${sat.rekey.seconds} s)`);
  console.log(`load average ${figures.loadAverage.toFixed(1)} on ${os.cpus().length} cores`);
}

const MACHINE_CLIENT = { id: "bench-oidc-machine", secret: "bench-oidc-machine-secret-0123456789abcdef" };

/** Users made through the Management API (a seeded machine client), each with a password of the default policy. */
async function createUsers(baseUrl: string, count: number): Promise<BenchUser[]> {
  const tokenResponse = await fetch(`${baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: MACHINE_CLIENT.id, client_secret: MACHINE_CLIENT.secret, audience: `${baseUrl}/api/v2/` }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = { email: `oidc${i}-${Date.now()}@example.com`, password: strongPassword() };
    const response = await fetch(`${baseUrl}/api/v2/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ connection: "Username-Password-Authentication", email: user.email, password: user.password, email_verified: true }),
    });
    if (response.status !== 201) throw new Error(`creating ${user.email}: ${response.status} ${await response.text()}`);
    users.push(user);
  }
  return users;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const samples = Number(process.argv[2] ?? 40);
  const saturationSeconds = Number(process.argv[3] ?? 10);
  const server = await startRekey({
    logName: "bench-oidc-server.log",
    env: { SEED_APPLICATIONS: BENCH_OIDC_APPLICATION, SEED_MACHINE_CLIENT: `${MACHINE_CLIENT.id}:${MACHINE_CLIENT.secret}:create:users` },
  });
  try {
    // Round robin over a few accounts: each sign-in takes a token from the account's bucket (burst 50).
    const users = await createUsers(server.baseUrl, Math.max(1, Math.ceil((samples + 5) / 40)));
    await benchOidc(server.baseUrl, users, { samples, saturationSeconds, connections: 8 });
  } finally {
    await server.stop();
    removeServerFiles(server);
  }
}
