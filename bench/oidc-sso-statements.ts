// What a single sign-on round trip and its code exchange send to the database (print only; nothing
// asserts). Run alone with `npx tsx bench/oidc-sso-statements.ts [round trips] [port] [profile.cpuprofile]`;
// with a third argument, a CPU profile of the measured round trips only (after the warm-up) is
// written there, for Chrome DevTools or any .cpuprofile reader.
//
//   SSO round trip   an application's /authorize for a browser signed in to Rekey already (as in
//                    bench/oidc.ts: first party, `openid profile email offline_access`, PKCE),
//                    through the interactions to the callback with a code; no password
//   code → tokens    the token endpoint's authorization-code exchange of that code
//
// For each: database calls per round trip, the statements grouped by their first 100 characters
// (per round trip), the p50 wall time, and the p50 CPU time of this process (server and client
// both). In process, on a fresh in-memory PGlite (the default database). The statement counts do
// not move with the machine's load; the wall time does, the CPU time much less.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { pathToFileURL } from "node:url";
import * as client from "openid-client";
import { createApplication } from "@/lib/applications";
import { overrideConfig } from "@/lib/config";
import { closeDatabase, installDatabase, openDatabase } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { TestBrowser } from "@/lib/oidc/testing/browser";
import { signedIn, startServer } from "@/lib/oidc/testing/provider-server";
import { benchAuthorizationRequest } from "./oidc-authorize";
import { groupStatements, recordStatements, type Statement } from "@/lib/testing/statements";
import { createUser, defaultConnection } from "@/lib/users";

const CALLBACK = "http://localhost:3001/api/auth/callback/rekey";
const BENCH_ENV = { ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1", LOG_LEVEL: "warn" };
const WARM_UP = 5;

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

type Measured = { name: string; ms: number[]; cpuMs: number[]; calls: number[]; statements: Statement[] };

function print(m: Measured, runs: number): void {
  console.log(`\n${m.name}: database calls per round trip p50 ${percentile(m.calls, 0.5)} (min ${Math.min(...m.calls)}, max ${Math.max(...m.calls)}), statements ${(m.statements.length / runs).toFixed(1)}; wall p50 ${percentile(m.ms, 0.5).toFixed(2)} ms, p95 ${percentile(m.ms, 0.95).toFixed(2)} ms; process CPU p50 ${percentile(m.cpuMs, 0.5).toFixed(2)} ms (n=${runs})`);
  for (const { label, count } of groupStatements(m.statements)) console.log(`  ${(count / runs).toFixed(2).padStart(5)} × ${label}`);
}

/** Starts a CPU profile of this process; the returned function stops it and writes it to `file`. */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

export async function benchSsoStatements(runs = 100, port = 0, profileFile?: string): Promise<void> {
  Object.assign(process.env, BENCH_ENV);
  overrideConfig({});
  const db = await openDatabase({ kind: "pglite-memory" });
  await applyMigrations(db);
  installDatabase(db);
  const server = await startServer({ port });
  try {
    const { application, clientSecret } = await createApplication({ name: "Bench app", app_type: "regular_web", callbacks: [CALLBACK] });
    const rp = await client.discovery(new URL(server.issuer), application.id, undefined, client.ClientSecretPost(clientSecret!), { execute: [client.allowInsecureRequests] });
    const user = await createUser({ email: "bench-sso@example.com", password: "Quiet-Harbor-Lantern-4711" }, { connection: await defaultConnection(), ctx: { ip: "127.0.0.1", method: "POST" } });
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const log = recordStatements(db);
    const sso: Measured = { name: "SSO authorization round trip", ms: [], cpuMs: [], calls: [], statements: [] };
    const exchange: Measured = { name: "token endpoint: code → tokens", ms: [], cpuMs: [], calls: [], statements: [] };
    const measure = async <T>(into: Measured, keep: boolean, work: () => Promise<T>): Promise<T> => {
      log.reset();
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (keep) {
        into.ms.push(ms);
        // This process's CPU (the client's part included, it runs here too): less exposed to the machine's load than wall time.
        into.cpuMs.push((used.user + used.system) / 1000);
        into.calls.push(log.calls);
        into.statements.push(...log.statements);
      }
      return result;
    };
    // The first round trip makes the grant (a first sign-in to the application); the rest are single sign-on.
    let stopProfile: (() => Promise<void>) | undefined;
    for (let i = 0; i < WARM_UP + runs; i++) {
      const keep = i >= WARM_UP;
      if (i === WARM_UP && profileFile) stopProfile = await startProfile(profileFile);
      const { url, verifier } = await benchAuthorizationRequest(rp, CALLBACK);
      const result = await measure(sso, keep, () => browser.follow(url, CALLBACK));
      const code = "stoppedAt" in result ? result.stoppedAt.searchParams.get("code") : null;
      if (!code) throw new Error(`the round trip did not end with a code: ${"url" in result ? result.url.href : ""}`);
      const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier, client_id: application.id, client_secret: clientSecret! });
      const tokens = await measure(exchange, keep, async () => {
        const response = await fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      });
      if (tokens.status !== 200 || !tokens.json.id_token || !tokens.json.refresh_token) throw new Error(`code → tokens: ${tokens.status} ${JSON.stringify(tokens.json)}`);
    }
    await stopProfile?.();
    log.stop();
    print(sso, runs);
    print(exchange, runs);
    console.log(`\nhops per SSO round trip ${browser.requested.length / (WARM_UP + runs)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  } finally {
    await server.close();
    await closeDatabase();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSsoStatements(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 0), process.argv[4]);
}
