// Test fixture, run as its own process by jobs.test.ts: a worker on the given PostgreSQL schema
// whose `test.block` handler never returns, so the test can SIGKILL the process mid-job.
// Usage: node --import tsx lib/jobs/testing/blocking-worker.ts '<DatabaseTarget JSON>' <leaseSeconds>
import { openDatabase, type DatabaseTarget } from "@/lib/db";
import { createWorker, silentLogger } from "@/lib/jobs";

const target = JSON.parse(process.argv[2] ?? "null") as DatabaseTarget;
const leaseSeconds = Number(process.argv[3] ?? "1");
if (target?.kind !== "postgres") throw new Error("blocking-worker needs a PostgreSQL target");

const db = await openDatabase(target);
const worker = createWorker({
  database: db,
  workerId: `blocking-worker:${process.pid}`,
  leaseSeconds,
  pollMs: 20,
  concurrency: 1,
  logger: silentLogger,
  handlers: {
    "test.block": async (job) => {
      // The claim statement has committed by now: tell the test which job we hold.
      process.stdout.write(`running ${job.id} ${job.attempt}\n`);
      await new Promise<never>(() => {});
    },
  },
});
worker.start();
process.stdout.write("ready\n");
