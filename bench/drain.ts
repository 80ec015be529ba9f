// 10,000 queued post-change-password deliveries drained on PostgreSQL by 1 and by 2 worker
// processes (`npm run worker`), each delivery running one warm no-op Action in the sandbox and
// recording its execution. Needs BENCH_DATABASE_URL=postgres://…; each run uses a fresh schema.
// Run alone with `npx tsx bench/drain.ts [deliveries]`.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configSchema } from "@/lib/config";
import { openDatabase, postgresTarget } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { NOOP_ACTION, setPostChangePasswordActions } from "./actions";
import { root } from "./server";

export type Drain = { workers: number; deliveries: number; seconds: number; perSecond: number };

export async function measureDrain(databaseUrl: string, workers: number, deliveries: number): Promise<Drain> {
  const schema = `rekey_bench_drain_${crypto.randomBytes(4).toString("hex")}`;
  const base = postgresTarget(databaseUrl);
  const db = await openDatabase({ kind: "postgres", url: base.kind === "postgres" ? base.url : databaseUrl, schema });
  const actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-drain-"));
  const children: ReturnType<typeof spawn>[] = [];
  try {
    await db.prisma.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
    await applyMigrations(db);
    const connection = await db.prisma.connection.create({ data: { id: "con_bench", name: "Username-Password-Authentication" } });
    const user = await db.prisma.user.create({ data: { id: "auth0|drain", connectionId: connection.id, email: "drain@example.com", passwordHash: "x" } as never });
    const payload = { userId: user.id, connectionId: connection.id, changedAt: new Date().toISOString(), reason: "admin", request: { ip: "127.0.0.1", method: "PATCH" } };
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO jobs (id, type, payload, max_attempts, run_at, created_at, updated_at)
       SELECT gen_random_uuid()::text, 'password.changed.deliver', $1::jsonb, 5, now(), now(), now() FROM generate_series(1, ${deliveries})`,
      JSON.stringify(payload),
    );
    fs.mkdirSync(path.join(actionsDir, "post-change-password"), { recursive: true });
    setPostChangePasswordActions(actionsDir, [NOOP_ACTION]);

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(configSchema.shape)) delete env[key];
    const url = new URL(databaseUrl);
    url.searchParams.set("schema", schema);
    Object.assign(env, { NODE_ENV: "production", DATABASE_URL: url.href, AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz", ACTIONS_DIR: actionsDir, WORKER_POLL_MS: "100" });
    for (let i = 0; i < workers; i++) {
      children.push(spawn(process.execPath, ["dist/worker.js"], { cwd: root, env, stdio: "ignore" }));
    }
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const [row] = await db.prisma.$queryRawUnsafe<Array<{ open: number; dead: number }>>(
        `SELECT count(*) FILTER (WHERE status IN ('pending', 'running'))::int AS open, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM jobs`,
      );
      if (row!.dead > 0) throw new Error(`${row!.dead} deliveries went dead during the drain`);
      if (row!.open === 0) break;
      if (Date.now() > deadline) throw new Error(`the drain did not finish in 15 min (${row!.open} left)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // From the first claim to the last completion, by the database's clock: worker start-up is not counted.
    const [span] = await db.prisma.$queryRawUnsafe<Array<{ seconds: number; executions: number }>>(
      `SELECT extract(epoch FROM (SELECT max(completed_at) FROM jobs) - (SELECT min(started_at) FROM job_attempts))::float AS seconds,
              (SELECT count(*) FROM action_executions WHERE status = 'succeeded')::int AS executions`,
    );
    if (span!.executions !== deliveries) throw new Error(`expected ${deliveries} successful executions, found ${span!.executions}`);
    return { workers, deliveries, seconds: span!.seconds, perSecond: deliveries / span!.seconds };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
    await db.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await db.close();
    fs.rmSync(actionsDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error("set BENCH_DATABASE_URL=postgres://… (a database where the bench may create schemas)");
  const deliveries = Number(process.argv[2] ?? 10_000);
  for (const workers of [1, 2]) {
    const drain = await measureDrain(url, workers, deliveries);
    console.log(`${deliveries} deliveries, ${workers} worker(s): ${drain.seconds.toFixed(1)} s, ${drain.perSecond.toFixed(0)} deliveries/s`);
  }
}
