// Users import under kill -9 (issue 14), not in CI: it is long. Uploads a 100,000-user file with
// mixed hashes, runs the import in a child process and kills that process with SIGKILL three times
// at random moments (a random count of committed users, then a random delay of up to a second, so
// the kill lands anywhere in a batch's transaction), restarts it each time, and checks after every
// kill that the committed users match the checkpoint and at the end that every user is there once.
// PostgreSQL (the child and this process share the database):
// `BENCH_DATABASE_URL=postgres://… npx tsx bench/import-kill.ts [users=100000] [kills=3]`.
// Without BENCH_DATABASE_URL, the embedded database on disk, as `npm start` runs it: one process
// opens it at a time, so the child is killed after a random 2–8 s of importing, and this process
// opens the directory the dead child left (its lock stale, its last transaction cut) to check it.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installDatabase, openDatabase, postgresTarget, type Database } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { importFile } from "./import-file";

process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const URL = process.env.BENCH_DATABASE_URL;
const PREFIX = "kill";

async function open(schema: string): Promise<Database> {
  if (!URL) {
    const db = await openDatabase({ kind: "pglite", dataDir: schema });
    installDatabase(db);
    return db;
  }
  const base = postgresTarget(URL);
  const db = await openDatabase({ kind: "postgres", url: base.kind === "postgres" ? base.url : URL, schema });
  installDatabase(db);
  return db;
}

/** The child: runs the import's slices until it is finished, as the job worker would. */
async function child(schema: string, importId: string) {
  const db = await open(schema);
  const { runUserImportSlice } = await import("@/lib/import");
  // The embedded parent times its kill from here, not from a start that takes seconds.
  process.stdout.write("importing\n");
  const signal = new AbortController().signal;
  for (;;) {
    await runUserImportSlice(importId, signal);
    const row = await db.prisma.userImport.findUniqueOrThrow({ where: { id: importId } });
    if (row.status === "completed" || row.status === "failed") break;
  }
  await db.close();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function parent(users: number, kills: number) {
  const schema = `rekey_bench_kill_${crypto.randomBytes(4).toString("hex")}`;
  const db = await open(schema);
  await db.prisma.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
  await applyMigrations(db);
  try {
    const { createUserImport } = await import("@/lib/import");
    const connection = await db.prisma.connection.upsert({ where: { name: "Username-Password-Authentication" }, create: { id: "con_bench0000000000", name: "Username-Password-Authentication" }, update: {} });
    const { id } = await createUserImport({ connectionId: connection.id, upsert: false, sendCompletionEmail: false, file: importFile(users, PREFIX) });
    const row = () => db.prisma.userImport.findUniqueOrThrow({ where: { id } });
    const committedUsers = () => db.prisma.user.count({ where: { email: { endsWith: "@bench.example" } } });

    // Kill moments as committed-user counts, random between 10 % and 85 % of the file, in order.
    const moments = Array.from({ length: kills }, () => Math.floor(users * (0.1 + Math.random() * 0.75))).sort((a, b) => a - b);
    const t0 = performance.now();
    const start = (): ChildProcess => spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--child", schema, id], { stdio: ["ignore", "inherit", "inherit"] });
    let runner = start();
    let resumedAt = 0;
    for (const [k, moment] of moments.entries()) {
      // Each kill waits for the restarted process to commit at least once: a kill while it starts
      // up tests nothing new.
      while ((await row()).nextIndex < Math.max(moment, resumedAt + 1)) {
        if (runner.exitCode !== null) throw new Error(`the import finished (or died) before kill ${k + 1} at ${moment} users`);
        await sleep(50);
      }
      const delay = Math.floor(Math.random() * 1000);
      await sleep(delay);
      const exited = new Promise((resolve) => runner.once("exit", resolve));
      runner.kill("SIGKILL");
      await exited;
      // The server rolls back the killed process's open transaction when its connection drops.
      await sleep(500);
      const at = await row();
      const count = await committedUsers();
      const consistent = count === at.inserted && at.nextIndex === at.inserted + at.updated + at.failed;
      console.log(`kill ${k + 1}: SIGKILL ${delay} ms after ${Math.max(moment, resumedAt + 1)} users; checkpoint ${at.nextIndex} (byte ${at.nextByte}), counters ${at.inserted} inserted / ${at.failed} failed, users in the table ${count}: ${consistent ? "consistent" : "INCONSISTENT"}`);
      if (!consistent) process.exitCode = 1;
      resumedAt = at.nextIndex;
      runner = start();
    }
    await new Promise((resolve) => runner.once("exit", resolve));
    const seconds = (performance.now() - t0) / 1000;
    const done = await row();
    const [{ distinct } = { distinct: 0n }] = await db.prisma.$queryRaw<{ distinct: bigint }[]>`SELECT count(DISTINCT lower(email)) AS distinct FROM users WHERE email LIKE ${"%@bench.example"}`;
    const count = await committedUsers();
    const ok = done.status === "completed" && count === users && Number(distinct) === users && done.inserted === users && done.failed === 0;
    console.log(`${users} users, ${kills} kills: ${done.status} in ${seconds.toFixed(0)} s (${Math.round(users / seconds)} users/s with restarts); ${count} users, ${distinct} distinct emails; summary ${done.inserted} inserted, ${done.updated} updated, ${done.failed} failed: ${ok ? "OK" : "WRONG"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await db.prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
}

/** The embedded database: the child alone holds the directory while it runs; this process checks it between runs. */
async function parentEmbedded(users: number, kills: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-kill-"));
  try {
    let db = await open(dataDir);
    await applyMigrations(db);
    const { createUserImport } = await import("@/lib/import");
    const connection = await db.prisma.connection.upsert({ where: { name: "Username-Password-Authentication" }, create: { id: "con_bench0000000000", name: "Username-Password-Authentication" }, update: {} });
    const { id } = await createUserImport({ connectionId: connection.id, upsert: false, sendCompletionEmail: false, file: importFile(users, PREFIX) });
    await db.close();
    const check = async () => {
      db = await open(dataDir);
      const at = await db.prisma.userImport.findUniqueOrThrow({ where: { id } });
      const count = await db.prisma.user.count({ where: { email: { endsWith: "@bench.example" } } });
      const [{ distinct } = { distinct: 0n }] = await db.prisma.$queryRaw<{ distinct: bigint }[]>`SELECT count(DISTINCT lower(email)) AS distinct FROM users WHERE email LIKE ${"%@bench.example"}`;
      await db.close();
      return { at, count, distinct: Number(distinct) };
    };
    const t0 = performance.now();
    const start = (): ChildProcess => spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--child", dataDir, id], { stdio: ["ignore", "pipe", "inherit"] });
    const importing = (runner: ChildProcess) => new Promise<void>((resolve) => runner.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("importing") && resolve()));
    let resumedAt = 0;
    for (let k = 0; k < kills; k++) {
      const runner = start();
      const exited = new Promise((resolve) => runner.once("exit", resolve));
      await Promise.race([importing(runner), exited]);
      const delay = 2000 + Math.floor(Math.random() * 6000);
      await Promise.race([sleep(delay), exited]);
      if (runner.exitCode !== null) throw new Error(`the import finished (or died) before kill ${k + 1}`);
      runner.kill("SIGKILL");
      await exited;
      const { at, count } = await check();
      const consistent = count === at.inserted && at.nextIndex === at.inserted + at.updated + at.failed;
      console.log(`kill ${k + 1}: SIGKILL ${delay} ms into the import; checkpoint ${at.nextIndex} (byte ${at.nextByte}, ${at.nextIndex - resumedAt} users in this run), counters ${at.inserted} inserted / ${at.failed} failed, users in the table ${count}: ${consistent ? "consistent" : "INCONSISTENT"}`);
      if (!consistent || at.nextIndex <= resumedAt) process.exitCode = 1;
      resumedAt = at.nextIndex;
    }
    const runner = start();
    runner.stdout!.resume();
    await new Promise((resolve) => runner.once("exit", resolve));
    const seconds = (performance.now() - t0) / 1000;
    const { at: done, count, distinct } = await check();
    const ok = done.status === "completed" && count === users && distinct === users && done.inserted === users && done.failed === 0;
    console.log(`${users} users, ${kills} kills, embedded database: ${done.status} in ${seconds.toFixed(0)} s (${Math.round(users / seconds)} users/s with restarts); ${count} users, ${distinct} distinct emails; summary ${done.inserted} inserted, ${done.updated} updated, ${done.failed} failed: ${ok ? "OK" : "WRONG"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, a, b] = process.argv.slice(2);
const run = mode === "--child" ? child(a!, b!) : (URL ? parent : parentEmbedded)(Number(mode ?? 100_000), Number(a ?? 3));
run.then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
