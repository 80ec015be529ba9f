import fs from "node:fs";
import crypto from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { testDatabaseUrl } from "@/lib/config/test-database";
import { closeDatabase, installDatabase, openDatabase, type Database } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";

export type TestDatabaseKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return testDatabaseUrl() ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * A throwaway, migrated database: an in-memory PGlite restored from the template, or a fresh
 * schema on the PostgreSQL server that is dropped again on close.
 */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Database> {
  if (kind === "pglite") {
    const template = fs.readFileSync(inject("pgliteTemplate"));
    return openDatabase({ kind: "pglite-memory", loadDataDir: new Blob([template]) });
  }
  const url = testDatabaseUrl()!;
  const schema = `rekey_test_${crypto.randomBytes(6).toString("hex")}`;
  const db = await openDatabase({ kind: "postgres", url, schema });
  await db.prisma.$executeRawUnsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await applyMigrations(db);
  const close = db.close;
  return {
    ...db,
    async close() {
      await db.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await close();
    },
  };
}

/** Opens a test database for the enclosing describe block and makes it the process database. */
export function useTestDatabase(kind: TestDatabaseKind): { db(): Database } {
  let current: Database | undefined;
  beforeAll(async () => {
    current = await openTestDatabase(kind);
    installDatabase(current);
  });
  afterAll(async () => {
    await closeDatabase();
    current = undefined;
  });
  return {
    db() {
      if (!current) throw new Error("useTestDatabase: the database is opened in beforeAll");
      return current;
    },
  };
}
