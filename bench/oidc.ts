// OpenID Provider benchmark (print only; nothing asserts). Run alone with
// `npx tsx bench/oidc.ts [samples]` (it starts its own production server), or call benchOidc()
// from the bench runner against a server started with BENCH_OIDC_APPLICATION seeded.
//
//   sign-in through /authorize   an application's whole sign-in, no Rekey session yet: /authorize,
//                                the login interaction, the sign-in page, the password form (argon2
//                                verify), back through the login and consent interactions to the
//                                application's callback with a code
//   code → tokens                the token endpoint's authorization-code exchange (PKCE, client
//                                secret), for a code from a single sign-on authorization
//   refresh                      the token endpoint's refresh grant, with rotation
//
// Each figure stands beside its floor: the very same requests (method, path, headers, body) sent to
// a trivial HTTP server in a process of its own, which answers each with a small 200. The floor is
// what HTTP, fetch and the hops cost on this machine; the difference is Rekey's own work.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { pathToFileURL } from "node:url";
import * as client from "openid-client";
import { TestBrowser } from "@/lib/oidc/testing/browser";
import { nextClientIp } from "./http";
import { startRekey, removeServerFiles, freePort } from "./server";
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

type Sent = { method: string; path: string; headers: Record<string, string>; body?: string };
export type AgainstFloor = { rekey: Summary; floor: Summary };
export type OidcFigures = { signIn: AgainstFloor & { requests: number }; codeExchange: AgainstFloor; refresh: AgainstFloor; loadAverage: number };

/** A trivial HTTP server in a process of its own: a small 200 for any request, the body read first. */
async function startFloorServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const source = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => s.end("ok")); }).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child: ChildProcess = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

/** Sends the recorded requests, one after another, to `base`; returns the wall time (ms). */
async function replay(base: string, requests: Sent[]): Promise<number> {
  const started = performance.now();
  for (const r of requests) {
    const response = await fetch(`${base}${r.path}`, { method: r.method, headers: r.headers, body: r.body, redirect: "manual" });
    await response.arrayBuffer();
  }
  return performance.now() - started;
}

/** A browser that records every request it sends (for the floor's replay). */
class RecordingBrowser extends TestBrowser {
  readonly sent: Sent[] = [];
  constructor(private readonly base: string, private readonly ip: string) {
    super();
  }

  /** Follows redirects from `url` (a form first, when given) until the application's callback; returns that URL. */
  async walk(url: URL | string, form?: Record<string, string>): Promise<URL> {
    let next = new URL(url, this.base);
    let body = form;
    for (let hop = 0; hop < 20; hop++) {
      if (next.href.startsWith(CALLBACK)) return next;
      const headers: Record<string, string> = { "x-forwarded-for": this.ip, ...(body ? { origin: this.base } : {}) };
      const cookie = this.cookieHeader(next);
      this.sent.push({ method: body ? "POST" : "GET", path: `${next.pathname}${next.search}`, headers: { ...headers, ...(cookie ? { cookie } : {}), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) }, body: body ? new URLSearchParams(body).toString() : undefined });
      const response = await this.request(next, { form: body, headers });
      const location = response.headers.get("location");
      await response.arrayBuffer();
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        body = undefined;
        continue;
      }
      if (next.pathname === "/login") return next;
      throw new Error(`the sign-in stopped at ${next.pathname} (${response.status})`);
    }
    throw new Error("too many redirects");
  }
}

/** Measures the three figures against `baseUrl` (a production server with BENCH_OIDC_APPLICATION seeded). */
export async function benchOidc(baseUrl: string, users: BenchUser[], samples: number, warmUp = 5): Promise<OidcFigures> {
  const floor = await startFloorServer();
  try {
    const rp = await client.discovery(new URL(`${baseUrl}/`), BENCH_OIDC_APP.client_id, undefined, client.ClientSecretPost(BENCH_OIDC_APP.client_secret), { execute: [client.allowInsecureRequests] });
    const authorizationUrl = async () => {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: CALLBACK,
        scope: "openid profile email offline_access",
        state: client.randomState(),
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      return { url, verifier };
    };
    const tokenRequest = (ip: string, fields: Record<string, string>): Sent => ({
      method: "POST",
      path: "/oauth/token",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body: new URLSearchParams({ ...fields, client_id: BENCH_OIDC_APP.client_id, client_secret: BENCH_OIDC_APP.client_secret }).toString(),
    });
    const send = async (r: Sent) => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
      const json = (await response.json()) as { refresh_token?: string; error?: string };
      if (response.status !== 200) throw new Error(`${r.path}: ${response.status} ${JSON.stringify(json)}`);
      return { ms: performance.now() - started, json };
    };

    const signIn: number[] = [];
    const signInFloor: number[] = [];
    const exchange: number[] = [];
    const exchangeFloor: number[] = [];
    const refresh: number[] = [];
    const refreshFloor: number[] = [];
    let requests = 0;
    for (let i = 0; i < warmUp + samples; i++) {
      const user = users[i % users.length]!;
      const ip = nextClientIp();
      const browser = new RecordingBrowser(baseUrl, ip);

      // 1. The whole sign-in, timed from /authorize to the callback.
      const first = await authorizationUrl();
      const started = performance.now();
      const login = await browser.walk(first.url);
      if (login.pathname !== "/login") throw new Error(`expected the sign-in page, got ${login.href}`);
      const callback = await browser.walk(new URL("/login/submit", baseUrl), { identifier: user.email, password: user.password, callbackUrl: login.searchParams.get("callbackUrl")! });
      const signInMs = performance.now() - started;
      const code = callback.searchParams.get("code");
      if (!code) throw new Error(`no code: ${callback.href}`);
      requests = browser.sent.length;
      const signInReplay = await replay(floor.url, browser.sent);

      // 2. Code → tokens, for a code from a single sign-on authorization (untimed).
      const second = await authorizationUrl();
      const ssoCallback = await browser.walk(second.url);
      const exchangeRequest = tokenRequest(ip, { grant_type: "authorization_code", code: ssoCallback.searchParams.get("code")!, redirect_uri: CALLBACK, code_verifier: second.verifier });
      const exchanged = await send(exchangeRequest);
      const exchangeReplay = await replay(floor.url, [exchangeRequest]);

      // 3. The refresh grant, with the refresh token the exchange gave.
      const refreshRequest = tokenRequest(ip, { grant_type: "refresh_token", refresh_token: exchanged.json.refresh_token! });
      const refreshed = await send(refreshRequest);
      if (!refreshed.json.refresh_token) throw new Error("no rotated refresh token");
      const refreshReplay = await replay(floor.url, [refreshRequest]);
      // The code of the timed sign-in is left unused: it expires in a minute, the sweep removes it.

      if (i >= warmUp) {
        signIn.push(signInMs);
        signInFloor.push(signInReplay);
        exchange.push(exchanged.ms);
        exchangeFloor.push(exchangeReplay);
        refresh.push(refreshed.ms);
        refreshFloor.push(refreshReplay);
      }
    }
    const figures: OidcFigures = {
      signIn: { rekey: summarize(signIn), floor: summarize(signInFloor), requests },
      codeExchange: { rekey: summarize(exchange), floor: summarize(exchangeFloor) },
      refresh: { rekey: summarize(refresh), floor: summarize(refreshFloor) },
      loadAverage: os.loadavg()[0]!,
    };
    printOidcFigures(figures);
    return figures;
  } finally {
    await floor.stop();
  }
}

export function printOidcFigures(figures: OidcFigures): void {
  const line = (name: string, f: AgainstFloor) =>
    `${name.padEnd(44)} p50 ${fmtMs(f.rekey.p50).padStart(9)}  p95 ${fmtMs(f.rekey.p95).padStart(9)}   floor p50 ${fmtMs(f.floor.p50).padStart(8)}  p95 ${fmtMs(f.floor.p95).padStart(8)}   (n=${f.rekey.n})`;
  console.log(line(`sign-in through /authorize (${figures.signIn.requests} requests)`, figures.signIn));
  console.log(line("token endpoint: code → tokens", figures.codeExchange));
  console.log(line("token endpoint: refresh (rotating)", figures.refresh));
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
  const server = await startRekey({
    logName: "bench-oidc-server.log",
    env: { SEED_APPLICATIONS: BENCH_OIDC_APPLICATION, SEED_MACHINE_CLIENT: `${MACHINE_CLIENT.id}:${MACHINE_CLIENT.secret}:create:users` },
  });
  try {
    // Round robin over a few accounts: each sign-in takes a token from the account's bucket (burst 50).
    const users = await createUsers(server.baseUrl, Math.max(1, Math.ceil((samples + 5) / 40)));
    await benchOidc(server.baseUrl, users, samples);
  } finally {
    await server.stop();
    removeServerFiles(server);
  }
}
