// Post-login trigger benchmark (print only; nothing asserts). Run alone with
// `npx tsx bench/post-login.ts [runs]`, or call benchPostLogin() from the bench runner.
//
//   sign-in without Actions   an application's whole sign-in through the OpenID Provider, in process,
//                             for a user with a Rekey session: /authorize, the login and consent
//                             interactions, back to the application with a code
//   sign-in with a no-op      the same with one warm no-op post-login Action, which runs inside the
//                             consent interaction (no extra round trip): the added cost is the
//                             folder scan, the factor read, the sandbox round trip and the execution
//                             record (the user and the application are the ones the interaction read)
//   database calls            statements each sign-in sends to the database, with and without the
//                             Action: unlike the times, this does not move with the machine's load
//
// On a fresh in-memory PGlite (the default database).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as client from "openid-client";
import { runPostLogin, shutdownSandbox } from "@/lib/actions";
import { createApplication } from "@/lib/applications";
import { overrideConfig } from "@/lib/config";
import { closeDatabase, installDatabase, openDatabase } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { TestBrowser } from "@/lib/oidc/testing/browser";
import { signedIn, startServer } from "@/lib/oidc/testing/provider-server";
import { createUser, defaultConnection } from "@/lib/users";

const CALLBACK = "http://localhost:3001/api/auth/callback/rekey";
const BENCH_ENV = { ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1", LOG_LEVEL: "warn" };

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export type PostLoginFigures = { signInWithoutMs: number; signInWithNoopMs: number; noopAddedMs: number; runtimeNoopMs: number; addedStatements: number; loadAverage: number };

/** Counts the calls that reach the embedded database (each one statement, or one transaction). */
function countDatabaseCalls(pglite: object): { count: number } {
  const counter = { count: 0 };
  const target = pglite as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ["query", "exec", "transaction"]) {
    const original = target[method]!.bind(pglite);
    target[method] = (...args: unknown[]) => {
      counter.count++;
      return original(...args);
    };
  }
  return counter;
}

/** Runs the post-login benchmark, prints its figures and returns the p50s (the goal: `noopAddedMs` ≤ 3). */
export async function benchPostLogin(runs = 150): Promise<PostLoginFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-pl-"));
  const empty = path.join(root, "empty");
  const noop = path.join(root, "noop");
  fs.mkdirSync(path.join(empty, "post-login"), { recursive: true });
  fs.mkdirSync(path.join(noop, "post-login"), { recursive: true });
  fs.writeFileSync(path.join(noop, "post-login", "10-noop.js"), "exports.onExecutePostLogin = async () => {};");
  // Switched through the environment (untimed): overrideConfig starts again from process.env.
  const switchActions = (dir: string) => {
    process.env.ACTIONS_DIR = dir;
    overrideConfig({});
  };
  const saved = { ACTIONS_DIR: process.env.ACTIONS_DIR, PUBLIC_URL: process.env.PUBLIC_URL };
  Object.assign(process.env, BENCH_ENV);
  switchActions(empty);
  const db = await openDatabase({ kind: "pglite-memory" });
  await applyMigrations(db);
  installDatabase(db);
  const calls = countDatabaseCalls(db.pglite!);
  const server = await startServer();
  process.env.PUBLIC_URL = server.origin;
  try {
    const { application, clientSecret } = await createApplication({ name: "Bench app", app_type: "regular_web", callbacks: [CALLBACK] });
    const rp = await client.discovery(new URL(server.issuer), application.id, undefined, client.ClientSecretPost(clientSecret!), { execute: [client.allowInsecureRequests] });
    const user = await createUser({ email: "bench-pl@example.com", password: "Quiet-Harbor-Lantern-4711" }, { connection: await defaultConnection(), ctx: { ip: "127.0.0.1", method: "POST" } });

    const signIn = async (statements: number[]) => {
      const browser = new TestBrowser();
      await signedIn(browser, user);
      const url = client.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: "openid", state: client.randomState(), code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: "S256" });
      const before = calls.count;
      const started = performance.now();
      const result = await browser.follow(url, CALLBACK);
      const elapsed = performance.now() - started;
      statements.push(calls.count - before);
      if (!("stoppedAt" in result) || !result.stoppedAt.searchParams.get("code")) throw new Error("the sign-in did not end with a code");
      return elapsed;
    };
    const without: number[] = [];
    const withNoop: number[] = [];
    const runtimeOnly: number[] = [];
    const statementsWithout: number[] = [];
    const statementsWithNoop: number[] = [];
    // The runtime's part alone (no HTTP, no interaction): discovery, cache read, sandbox round trip, execution record.
    const facts = {
      user,
      connection: { id: user.connectionId, name: "Username-Password-Authentication" },
      enrolledFactors: [],
      client: { id: application.id, name: "Bench app" },
      request: { ip: "127.0.0.1", method: "GET", query: {}, body: {} },
      transaction: { id: "bench", protocol: "oidc-basic-profile", requestedScopes: ["openid"], uiLocales: [], acrValues: [] },
      methods: [{ name: "pwd", at: new Date() }],
    };
    // Interleaved, so a load spike on a shared machine hits both alike; the first rounds warm up.
    for (let i = 0; i < runs + 15; i++) {
      switchActions(empty);
      const a = await signIn(statementsWithout);
      switchActions(noop);
      const b = await signIn(statementsWithNoop);
      const started = performance.now();
      const outcome = await runPostLogin({ facts, deliveryId: "bench" });
      const c = performance.now() - started;
      if (outcome.kind !== "completed") throw new Error(`the no-op run ended ${outcome.kind}`);
      if (i >= 15) {
        without.push(a);
        withNoop.push(b);
        runtimeOnly.push(c);
      }
    }
    const p50Without = percentile(without, 0.5);
    const p50With = percentile(withNoop, 0.5);
    const loadAverage = os.loadavg()[0]!;
    // Each pair ran back to back, so its difference is less exposed to a load swing than two p50s.
    const pairedAdded = percentile(withNoop.map((ms, i) => ms - without[i]!), 0.5);
    const addedStatements = percentile(statementsWithNoop, 0.5) - percentile(statementsWithout, 0.5);
    console.log(`sign-in without Actions            p50 ${p50Without.toFixed(2)} ms, p95 ${percentile(without, 0.95).toFixed(2)} ms (n=${without.length})`);
    console.log(`sign-in with one no-op Action      p50 ${p50With.toFixed(2)} ms, p95 ${percentile(withNoop, 0.95).toFixed(2)} ms (n=${withNoop.length})`);
    console.log(`runPostLogin, one no-op Action      p50 ${percentile(runtimeOnly, 0.5).toFixed(2)} ms, p95 ${percentile(runtimeOnly, 0.95).toFixed(2)} ms (n=${runtimeOnly.length})`);
    console.log(`database calls per sign-in         ${percentile(statementsWithout, 0.5)} without, ${percentile(statementsWithNoop, 0.5)} with the no-op Action (+${addedStatements})`);
    console.log(`one no-op post-login Action: +${(p50With - p50Without).toFixed(2)} ms at p50 (goal ≤ 3 ms added), median of the pairs' differences +${pairedAdded.toFixed(2)} ms; load average ${loadAverage.toFixed(1)} on ${os.cpus().length} cores`);
    return { signInWithoutMs: p50Without, signInWithNoopMs: p50With, noopAddedMs: p50With - p50Without, runtimeNoopMs: percentile(runtimeOnly, 0.5), addedStatements, loadAverage };
  } finally {
    await server.close();
    await shutdownSandbox();
    await closeDatabase();
    fs.rmSync(root, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    overrideConfig({});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchPostLogin(Number(process.argv[2] ?? 150));
}
