import { config } from "@/lib/config";
import { openDatabase, type Database, type DatabaseTarget } from "./open";
import { processWide } from "@/lib/process-wide";

export type { Database, DatabaseTarget } from "./open";
export { openDatabase } from "./open";
export { DataDirLockedError } from "./data-dir-lock";
export { escapeLike, containsText, startsWithText } from "./like";
export { storeInChunks, STORED_CHUNK_BYTES, storedChunkWriter } from "./stored-chunks";
export type { PrismaClient, Prisma } from "./generated/client";
/** Composable raw SQL (Prisma.sql): for the few statements that do several writes in one round trip. */
export { sql, join as joinSql, raw as rawSql, type Sql } from "./generated/internal/prismaNamespace";

// One database per process, shared through globalThis: Next bundles lib/ into its server build
// while the custom server and the worker load it directly, and both must use the same PGlite
// instance (a second opener of the directory would lose rows).
type Slot = { current?: Database; opening?: Promise<Database> };
function slot(): Slot {
  return processWide<Slot>("database", () => ({}));
}

/** Where the configured database lives. */
export function configuredTarget(): DatabaseTarget {
  const cfg = config();
  return cfg.DATABASE_URL ? postgresTarget(cfg.DATABASE_URL) : { kind: "pglite", dataDir: cfg.dataDir };
}

/**
 * A PostgreSQL URL's `?schema=` (Prisma's convention) names the schema Rekey's tables live in; it
 * is not a libpq parameter, so it is taken off the URL the driver sees.
 */
export function postgresTarget(databaseUrl: string): DatabaseTarget {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") || undefined;
  url.searchParams.delete("schema");
  return { kind: "postgres", url: url.href, ...(schema ? { schema } : {}) };
}

/** The process database, opened on first use from configuration. */
export async function database(): Promise<Database> {
  const s = slot();
  if (s.current) return s.current;
  s.opening ??= openDatabase(configuredTarget()).then((d) => (s.current = d));
  return s.opening;
}

/** The Prisma client of the process database. */
export async function prisma() {
  return (await database()).prisma;
}

/** Makes `db` the process database (server start-up after migrating, and tests). */
export function installDatabase(db: Database): void {
  const s = slot();
  s.current = db;
  s.opening = Promise.resolve(db);
}

export async function closeDatabase(): Promise<void> {
  const s = slot();
  const current = s.current;
  s.current = undefined;
  s.opening = undefined;
  await current?.close();
}
