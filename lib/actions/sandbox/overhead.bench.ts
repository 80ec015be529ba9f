// Sandbox overhead of a no-op Action: `npx tsx lib/actions/sandbox/overhead.bench.ts [runs]`.
// Prints p50/p95 wall-clock per execution as the host sees it (hand-over to answer), for:
//   cold      a new process every time (spawn + load + run), what the first execution after a
//             start or after a timeout/crash pays;
//   reload    a new version of the file (compile + a fresh process + module load + run);
//   warm      the file's warm process with the module loaded (the steady state);
//   discover+warm  the same plus the folder scan the post-challenge runner does before each Action;
// and the resident memory of each warm process. Figures vary by machine; nothing here asserts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { overrideConfig } from "@/lib/config";
import { discoverActions } from "../discover";
import { executeAction, shutdownSandbox } from ".";
import { residentBytes } from "./resident-memory";

const runs = Number(process.argv[2] ?? 200);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-"));
overrideConfig({ ACTIONS_DIR: root, ACTION_WORKERS: "4" });
const dir = path.join(root, "password-reset-post-challenge");
fs.mkdirSync(dir);
const file = path.join(dir, "10-noop.js");
fs.writeFileSync(file, "exports.onExecutePostChallenge = async () => {};");
// The no-op runs under the post-change-password api (the only one built in so far); same cost.
const exec = () => executeAction({ trigger: "post-change-password", file, exportName: "onExecutePostChallenge", event: { user: {} }, cacheSnapshot: {} });

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n=${samples.length})`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const cold: number[] = [];
for (let i = 0; i < runs; i++) {
  await shutdownSandbox();
  cold.push(await time(exec));
}

const reload: number[] = [];
for (let i = 0; i < runs; i++) {
  fs.writeFileSync(file, `exports.onExecutePostChallenge = async () => {}; // ${i}`);
  reload.push(await time(exec));
}

await exec();
const warm: number[] = [];
for (let i = 0; i < runs; i++) warm.push(await time(exec));

await discoverActions("password-reset-post-challenge", { report: false });
const withDiscovery: number[] = [];
for (let i = 0; i < runs; i++) {
  withDiscovery.push(
    await time(async () => {
      const [action] = await discoverActions("password-reset-post-challenge", { report: false });
      await executeAction({ trigger: "post-change-password", file: action!.path, exportName: "onExecutePostChallenge", event: { user: {} } });
    }),
  );
}

const direct: number[] = [];
const noop = async () => {};
for (let i = 0; i < runs; i++) direct.push(await time(() => noop()));

console.log(`cold (new process)        ${stats(cold)}`);
console.log(`reload (new file version) ${stats(reload)}`);
console.log(`warm                     ${stats(warm)}`);
console.log(`discover + warm          ${stats(withDiscovery)}`);
console.log(`in-process call          ${stats(direct)}`);

// Memory: the resident set of four warm processes, one per file.
await shutdownSandbox();
const pids: number[] = [];
for (let i = 0; i < 4; i++) {
  const one = path.join(dir, `3${i}-pid.js`);
  fs.writeFileSync(one, "exports.onExecutePostChallenge = async () => process.pid;");
  pids.push((await executeAction({ trigger: "post-change-password", file: one, exportName: "onExecutePostChallenge", event: {} })).returnValue as number);
}
const resident = pids.map((pid) => residentBytes(pid) ?? 0);
console.log(`resident memory per warm process ≈ ${(resident.reduce((a, b) => a + b, 0) / 4 / 1024 / 1024).toFixed(1)} MB`);

await shutdownSandbox();
fs.rmSync(root, { recursive: true, force: true });
