// `npm run db:diff -- <name>`: writes prisma/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql
// with the SQL that takes the existing migrations to prisma/schema.prisma (like
// `prisma migrate dev --create-only`, offline; see lib/db/migrate.ts). Needs no database: the
// migrations are replayed on a throwaway in-memory one, so it also works while the server runs.
import path from "node:path";
import { assertMigrationName, createMigration, MigrationError } from "@/lib/db/migrate";

const args = process.argv.slice(2).filter((arg) => arg !== "--verbose");
const verbose = process.argv.includes("--verbose");

async function main(): Promise<void> {
  const name = args[0];
  if (!name || args.length > 1) throw new MigrationError("Usage: npm run db:diff -- <name>   (name: a-z, 0-9, _)");
  assertMigrationName(name);
  const created = await createMigration(name, { log: verbose ? (line) => console.error(line) : undefined });
  if (!created) {
    console.log("no changes: the migrations already match prisma/schema.prisma");
    return;
  }
  console.log(`Created ${path.relative(process.cwd(), path.join(created.dir, "migration.sql"))}`);
  console.log("Review it, then apply it with `npm run db:migrate`.");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(verbose || !(error instanceof Error) ? error : `db:diff failed: ${error.message}`);
    process.exit(1);
  },
);
