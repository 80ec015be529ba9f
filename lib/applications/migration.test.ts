import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, defaultMigrationsDir } from "@/lib/db/migrate";
import { openDatabase, type Database } from "@/lib/db/open";

const MIGRATION = "20261207030432_applications_apis";

describe("the migration that makes Management API clients applications", () => {
  let db: Database | undefined;
  let tmp: string | undefined;
  afterAll(async () => {
    await db?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("keeps each client's id, name, secret hash, scopes (as a grant) and revocation", { timeout: 180_000 }, async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-migration-"));
    for (const entry of fs.readdirSync(defaultMigrationsDir(), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < MIGRATION) fs.cpSync(path.join(defaultMigrationsDir(), entry.name), path.join(tmp, entry.name), { recursive: true });
    }
    fs.copyFileSync(path.join(defaultMigrationsDir(), "migration_lock.toml"), path.join(tmp, "migration_lock.toml"));
    db = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(db, { migrationsDir: tmp });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO machine_clients (id, name, secret_hash, scopes, revoked_at) VALUES ('live-client', 'CI', 'abc123', ARRAY['read:users','read:logs'], NULL), ('dead-client', 'Old', 'def456', ARRAY['read:users'], now())`,
    );
    expect((await applyMigrations(db)).applied[0]).toBe(MIGRATION);
    const apps = await db.prisma.application.findMany({ orderBy: { id: "asc" }, include: { grants: true } });
    expect(apps.map((a) => [a.id, a.name, a.appType, a.secretHash, a.sealedSecret, a.revokedAt !== null, a.grantTypes])).toEqual([
      ["dead-client", "Old", "non_interactive", "def456", null, true, ["client_credentials"]],
      ["live-client", "CI", "non_interactive", "abc123", null, false, ["client_credentials"]],
    ]);
    expect(apps[1]!.grants.map((g) => [g.audience, g.scope])).toEqual([["rekey:management-api", ["read:users", "read:logs"]]]);
  });
});
