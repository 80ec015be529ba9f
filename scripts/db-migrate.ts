// `npm run db:migrate`: applies pending migrations (prisma/migrations) to the configured database,
// like `prisma migrate deploy` but offline (see lib/db/migrate.ts). On the embedded database it
// refuses while another process (the server) holds the data directory.
import path from "node:path";
import { configuredTarget, openDatabase, type DatabaseTarget } from "@/lib/db";
import { applyMigrations, defaultMigrationsDir } from "@/lib/db/migrate";

const verbose = process.argv.includes("--verbose");

async function main(): Promise<void> {
  const target = configuredTarget();
  const migrationsDir = defaultMigrationsDir();
  console.log(`Applying ${path.relative(process.cwd(), migrationsDir)} to ${describe(target)}`);
  const started = performance.now();
  const db = await openDatabase(target);
  try {
    const { applied } = await applyMigrations(db, { migrationsDir, log: verbose ? (line) => console.error(line) : undefined });
    const ms = Math.round(performance.now() - started);
    if (applied.length === 0) console.log(`No pending migrations to apply (${ms} ms).`);
    else console.log(`Applied ${applied.length} migration(s) in ${ms} ms:\n${applied.map((name) => `  ${name}`).join("\n")}`);
  } finally {
    await db.close();
  }
}

function describe(target: DatabaseTarget): string {
  switch (target.kind) {
    case "pglite":
      return `the embedded database in ${target.dataDir}`;
    case "pglite-memory":
      return "an in-memory database";
    case "postgres": {
      const url = new URL(target.url);
      if (url.password) url.password = "***";
      return `${url.toString()}${target.schema ? ` (schema ${target.schema})` : ""}`;
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Lock, configuration and migration errors are written for people: print the message alone.
    console.error(verbose || !(error instanceof Error) ? error : `db:migrate failed: ${error.message}`);
    process.exit(1);
  },
);
