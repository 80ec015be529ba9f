// `npm run bench`: every figure of the project's performance goals in one run, printed as a table
// `figure | value | goal | ok?` and written to test-results/bench.json. Nothing asserts: the bench
// prints, people judge. Options: `--build` rebuilds the app first; `--quick` takes few samples
// (a smoke run of the bench itself, not figures to quote); `--keep` keeps the server's data
// directory for inspection.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NOOP_ACTION, SLOW_ACTION, setPostChangePasswordActions } from "./actions";
import { measureArgon2, rawSampler } from "./argon2";
import { readDatabaseFacts } from "./delivery-lag";
import { completeActionId, prepareFlows, submitNewPasswords } from "./reset-complete";
import { measureResetRequests } from "./reset-request";
import { ensureBuild, removeServerFiles, root, startRekey } from "./server";
import { measureSignIn } from "./sign-in";
import { benchPostChallenge } from "./post-challenge";
import { fmtMs, fmtRatio, type Summary } from "./stats";
import { signUpUsers } from "./users";

const quick = process.argv.includes("--quick");
const keep = process.argv.includes("--keep");
const N = quick
  ? { argon2: 10, signIn: 10, signInWarmUp: 3, resetPairs: 8, resetWarmUp: 2, submits: 6, submitWarmUp: 2 }
  : { argon2: 60, signIn: 90, signInWarmUp: 10, resetPairs: 100, resetWarmUp: 5, submits: 50, submitWarmUp: 5 };
/** Quiet time after each reset request and each submit, for the worker's follow-up jobs (ms). */
const GAP_MS = { resetRequest: 100, submit: 250 };
const SIGN_IN_USERS = 4;

type Row = { figure: string; value: string; goal: string; ok: boolean | null };

const started = Date.now();
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
  commit: gitCommit(),
  loadAverageAtStart: os.loadavg()[0]!,
};
console.log(`[bench] ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, commit ${machine.commit}`);
if (quick) console.log("[bench] --quick: few samples, figures are not meaningful");
warnIfBusy("at start");

await ensureBuild(process.argv.includes("--build"));

console.log("[bench] 1/6 raw argon2id (no server running) …");
const argon2 = await measureArgon2(N.argon2);
const p = argon2.params;

console.log("[bench] starting Rekey …");
const server = await startRekey();
const raw = rawSampler();
let signIn!: { signIn: Summary; paired: Summary };
let resetRequest!: { known: Summary; unknown: Summary };
const submit = {} as Record<"without" | "noop" | "slow", { submit: Summary; paired: Record<"hash" | "verify", Summary> }>;
try {
  const { baseUrl } = server;
  const perPhase = N.submits + N.submitWarmUp;
  console.log(`[bench] creating ${SIGN_IN_USERS + 3 * perPhase} users through the sign-up form …`);
  const signInUsers = await signUpUsers(baseUrl, SIGN_IN_USERS, "signin");
  // "member" has the length of "nobody", the unknown addresses' prefix.
  const members = await signUpUsers(baseUrl, 3 * perPhase, "member");

  console.log("[bench] 2/6 sign-in …");
  signIn = await measureSignIn(baseUrl, signInUsers, N.signIn, { warmUp: N.signInWarmUp, paired: raw.verifyMs });

  console.log("[bench] 3/6 reset request, known vs unknown …");
  resetRequest = await measureResetRequests(baseUrl, members, N.resetPairs, { warmUpPairs: N.resetWarmUp, gapMs: GAP_MS.resetRequest });

  // Each member completes exactly one reset, so every measured submit checks a history of one
  // entry (the sign-up password) besides hashing the new one.
  const phases = [
    ["without", []],
    ["noop", [NOOP_ACTION]],
    ["slow", [SLOW_ACTION]],
  ] as const;
  for (const [index, [phase, files]] of phases.entries()) {
    console.log(`[bench] ${index === 2 ? "5" : "4"}/6 new-password submit, post-change-password Actions: ${files.length ? files.join(", ") : "none"} …`);
    const flows = await prepareFlows(baseUrl, members.slice(index * perPhase, (index + 1) * perPhase));
    const actionId = await completeActionId(baseUrl, flows[0]!);
    // Set only now, so no earlier delivery runs these files.
    setPostChangePasswordActions(server.actionsDir, [...files]);
    submit[phase] = await submitNewPasswords(baseUrl, actionId, flows, {
      warmUp: N.submitWarmUp,
      gapMs: GAP_MS.submit,
      paired: { hash: raw.hashMs, verify: raw.verifyMs },
    });
  }
} catch (error) {
  await server.stop();
  if (!keep) removeServerFiles(server);
  throw error;
}
console.log("[bench] stopping Rekey (running Actions finish first) …");
await server.stop();
console.log("[bench] 6/6 delivery lag, from the database …");
const facts = await readDatabaseFacts(server.dataDir, NOOP_ACTION);
if (keep) console.log(`[bench] --keep: the server's data directory is ${server.dataDir}`);
else removeServerFiles(server);

const historyVerifies = 1;
const rows: Row[] = [
  { figure: "argon2id hash p50 (raw)", value: `${fmtMs(argon2.hash.p50)} (p95 ${fmtMs(argon2.hash.p95)}, n=${argon2.hash.n})`, goal: `m=${p.memoryCost} t=${p.timeCost} p=${p.parallelism}`, ok: null },
  { figure: "argon2id verify p50 (raw)", value: `${fmtMs(argon2.verify.p50)} (p95 ${fmtMs(argon2.verify.p95)}, n=${argon2.verify.n})`, goal: "", ok: null },
  ratioRow("sign-in p50 ÷ verify p50 (paired)", signIn.signIn, signIn.paired, { max: 1.15 }),
  ratioRow("reset request known ÷ unknown p50", resetRequest.known, resetRequest.unknown, { min: 0.97, max: 1.03 }),
  ratioRow("reset submit p50 ÷ hash p50 (paired)", submit.without.submit, submit.without.paired.hash, { max: 1.15 }),
  {
    // The default policy keeps a history of 5: a new password is verified against each stored
    // hash, here the sign-up password only.
    figure: `  (info) submit ÷ (hash + ${historyVerifies} history verify)`,
    value: fmtRatio(submit.without.submit.p50 / (submit.without.paired.hash.p50 + historyVerifies * submit.without.paired.verify.p50)),
    goal: "",
    ok: null,
  },
  ratioRow("submit p50 with 3 s Action ÷ without", submit.slow.submit, submit.without.submit, { max: 1.05 }),
  ratioRow("  (info) submit p50 with a no-op Action ÷ without", submit.noop.submit, submit.without.submit),
  {
    figure: "delivery lag p50 (commit → Action start)",
    value: `${fmtMs(facts.lag.p50)} (p95 ${fmtMs(facts.lag.p95)}, n=${facts.lag.n})`,
    goal: "≤ 250 ms",
    ok: facts.lag.n > 0 ? facts.lag.p50 <= 250 : false,
  },
  { figure: "  (info) server's stored hashes", value: Object.entries(facts.storedHashParams).map(([k, v]) => `${k} ×${v}`).join(", "), goal: "", ok: null },
];

printTable(rows);
console.log("\n[bench] post-challenge trigger (in process, on a fresh embedded database; goal: ≤ 3 ms added by a no-op Action) …");
await benchPostChallenge(200);
const loadAverageAtEnd = os.loadavg()[0]!;
warnIfBusy("at the end");
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\n[bench] ${seconds} s in all. Client IPs came from X-Forwarded-For (bench server runs with TRUST_PROXY=true) to stay under the per-IP rate limits.`);

const out = path.join(root, "test-results", "bench.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      quick,
      seconds,
      machine: { ...machine, loadAverageAtEnd },
      samples: N,
      argon2,
      gapMs: GAP_MS,
      signIn,
      resetRequest,
      submit,
      deliveryLag: { ...facts.lag, action: NOOP_ACTION },
      storedHashParams: facts.storedHashParams,
      figures: rows,
    },
    null,
    2,
  ) + "\n",
);
console.log(`[bench] written to ${path.relative(process.cwd(), out)}`);

function ratioRow(figure: string, numerator: Summary, denominator: Summary, goal?: { min?: number; max: number }): Row {
  const ratio = numerator.p50 / denominator.p50;
  return {
    figure,
    value: `${fmtRatio(ratio)} (${fmtMs(numerator.p50)} / ${fmtMs(denominator.p50)}, n=${numerator.n}/${denominator.n})`,
    goal: !goal ? "" : goal.min === undefined ? `≤ ${goal.max}` : `${goal.min}–${goal.max}`,
    ok: !goal ? null : ratio <= goal.max && (goal.min === undefined || ratio >= goal.min),
  };
}

function printTable(table: Row[]): void {
  const cells = [["figure", "value", "goal", "ok?"], ...table.map((r) => [r.figure, r.value, r.goal, r.ok === null ? "" : r.ok ? "yes" : "NO"])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => [...row[c]!].length)));
  const line = (row: string[]) => row.map((cell, c) => cell + " ".repeat(widths[c]! - [...cell].length)).join(" | ");
  console.log("");
  console.log(line(cells[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** The figures are ratios on one machine: other work on it during the run skews them. */
function warnIfBusy(when: string): void {
  const load = os.loadavg()[0]!;
  if (load > 0.5 * machine.cores) {
    console.log(`[bench] warning: 1-minute load average ${load.toFixed(1)} on ${machine.cores} cores ${when}: other work competes with the bench, figures are skewed`);
  }
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
