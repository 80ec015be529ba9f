// `npm run worker`: the job worker on its own, for running workers apart from the web server
// (PostgreSQL, several machines; set WORKER_IN_PROCESS=false on the servers if they should not
// run jobs themselves). Stops gracefully on SIGTERM/SIGINT: no new claims, running jobs finish
// (up to one lease), then it exits. A second signal exits at once; leases then lapse and
// another worker takes the jobs over.
import { config, ConfigError } from "@/lib/config";
import { closeDatabase, database, DataDirLockedError } from "@/lib/db";
import { shutdownSandbox } from "@/lib/actions";
import { createWorker } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";

async function main() {
  const cfg = config();
  // On the embedded database this takes the directory lock: it fails while the server runs.
  const db = await database();
  const handlers = jobHandlers();
  const worker = createWorker({ handlers });
  worker.start();
  const where = db.target.kind === "postgres" ? "PostgreSQL" : `the embedded database in ${cfg.dataDir}`;
  console.log(
    `[rekey worker] ${worker.id} running ${Object.keys(handlers).join(", ")} on ${where} ` +
      `(poll ${cfg.WORKER_POLL_MS} ms, lease ${cfg.JOB_LEASE_SECONDS} s)`,
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`[rekey worker] ${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`[rekey worker] ${signal}: finishing running jobs (again to exit now)`);
    await worker.stop();
    await shutdownSandbox({ graceful: true });
    await closeDatabase();
    console.log("[rekey worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void stop(s));
  process.on("SIGINT", (s) => void stop(s));
}

main().catch((error: unknown) => {
  // Expected start-up failures get one clear line, not a stack trace.
  if (error instanceof DataDirLockedError || error instanceof ConfigError) {
    console.error(`[rekey worker] cannot start: ${error.message}`);
  } else {
    console.error("[rekey worker] cannot start:", error);
  }
  process.exit(1);
});
