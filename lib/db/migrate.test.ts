import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database, type DatabaseTarget } from "./open";
import { DataDirLockedError } from "./data-dir-lock";
import {
  applyMigrations,
  assertMigrationName,
  createMigration,
  defaultMigrationsDir,
  defaultSchemaPath,
  diffDatabaseToSchema,
  migrationTimestamp,
  MigrationError,
  readMigrationsList,
} from "./migrate";

const root = path.resolve(import.meta.dirname, "../..");
const SLOW = 180_000;

/** Table names the schema maps its models to, plus Prisma's bookkeeping table. */
function expectedTables(schemaSource: string): string[] {
  const tables = [...schemaSource.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(
    ([, model, body]) => /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!,
  );
  return [...tables, "_prisma_migrations"].sort();
}

function migrationNames(): string[] {
  return fs
    .readdirSync(defaultMigrationsDir(), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

type MigrationTarget = {
  name: string;
  /** The schema tables must land in. */
  schema: string;
  /**
   * Opened from the suite's template, which lib/testing/global-setup.ts made by applying every
   * migration to an empty in-memory PGlite before any test ran: this file checks that result
   * rather than applying everything once more.
   */
  fromTemplate?: boolean;
  /**
   * Drift and a failing migration are proved once per database engine: the data directory is the
   * in-memory target's engine on disk, and proves what is its own (a first start, a reopen).
   */
  engineChecks: boolean;
  open(): Promise<Database>;
  /** Reopens the same database after close (persistent targets only). */
  reopen?(): Promise<Database>;
  dispose(db: Database | undefined): Promise<void>;
};

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// Built at module load so that no suite is ever skipped: PostgreSQL joins when CI provides it.
const targets: MigrationTarget[] = [
  {
    name: "PGlite in memory, from the suite's template",
    schema: "public",
    fromTemplate: true,
    engineChecks: true,
    open: () => openDatabase({ kind: "pglite-memory", loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]) }),
    dispose: async (db) => db?.close(),
  },
  (() => {
    const dataDir = tempDir("rekey-migrate-file-");
    const target: DatabaseTarget = { kind: "pglite", dataDir };
    return {
      name: "PGlite data directory",
      schema: "public",
      engineChecks: false,
      open: () => openDatabase(target),
      reopen: () => openDatabase(target),
      async dispose(db) {
        await db?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  })(),
];
if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  const schema = `rekey_migrate_${crypto.randomBytes(6).toString("hex")}`;
  targets.push({
    name: "PostgreSQL schema",
    schema,
    engineChecks: true,
    // The schema does not exist yet: applyMigrations must create it and put everything in it.
    open: () => openDatabase({ kind: "postgres", url, schema }),
    async dispose(db) {
      const cleanup = db ?? (await openDatabase({ kind: "postgres", url }));
      try {
        await cleanup.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await cleanup.close();
      }
    },
  });
}

describe.each(targets)("applyMigrations on $name", (target) => {
  let db: Database | undefined;
  const schemaSource = fs.readFileSync(defaultSchemaPath(), "utf8");
  const table = (name: string) => `"${target.schema}"."${name}"`;

  beforeAll(async () => {
    db = await target.open();
  }, SLOW);
  afterAll(() => target.dispose(db), SLOW);

  async function tablesInSchema(database: Database): Promise<string[]> {
    const rows = await database.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = ${target.schema} ORDER BY table_name`;
    return rows.map((r) => r.table_name).sort();
  }

  const creates = target.fromTemplate ? "has every table of the schema (the template applied every migration)" : "applies every migration and creates every table of the schema there";
  it(creates, { timeout: SLOW }, async () => {
    if (!target.fromTemplate) expect((await applyMigrations(db!)).applied).toEqual(migrationNames());
    expect(await tablesInSchema(db!)).toEqual(expectedTables(schemaSource));
  });

  it("records each migration in _prisma_migrations as the Prisma CLI does", async () => {
    const rows = await db!.prisma.$queryRawUnsafe<
      { migration_name: string; checksum: string; finished: boolean; rolled_back: boolean; applied_steps_count: number }[]
    >(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back,
              applied_steps_count FROM ${table("_prisma_migrations")} ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      migrationNames().map((name) => ({
        migration_name: name,
        // The CLI's checksum: SHA-256 of migration.sql, so `prisma migrate status` agrees with us.
        checksum: crypto
          .createHash("sha256")
          .update(fs.readFileSync(path.join(defaultMigrationsDir(), name, "migration.sql")))
          .digest("hex"),
        finished: true,
        rolled_back: false,
        applied_steps_count: 1,
      })),
    );
  });

  it("applies nothing the second time", { timeout: SLOW }, async () => {
    expect(await applyMigrations(db!)).toEqual({ applied: [] });
  });

  if (target.engineChecks) {
    const noDrift = target.fromTemplate
      ? "is exactly what the Prisma schema describes: the committed migrations are in sync with it (no drift)"
      : "leaves the database exactly as the Prisma schema describes it (no drift)";
    it(noDrift, { timeout: SLOW }, async () => {
      expect(await diffDatabaseToSchema(db!)).toBeNull();
    });
  }

  if (target.reopen) {
    it("keeps the migrations across a reopen of the data directory", { timeout: SLOW }, async () => {
      await db!.close();
      db = await target.reopen!();
      expect(await applyMigrations(db)).toEqual({ applied: [] });
      expect(await tablesInSchema(db)).toEqual(expectedTables(schemaSource));
    });
  }

  if (target.engineChecks) {
    // Regression: pglite-prisma-adapter 0.7 did not await its script, so a failing migration was
    // recorded as applied; @prisma/adapter-pg split scripts on every ";", even inside a string.
    it("runs each migration whole, and reports and records a failing one", { timeout: SLOW }, async () => {
      const migrationsDir = tempDir("rekey-migrate-fail-");
      try {
        fs.cpSync(defaultMigrationsDir(), migrationsDir, { recursive: true });
        const write = (name: string, sql: string) => {
          fs.mkdirSync(path.join(migrationsDir, name));
          fs.writeFileSync(path.join(migrationsDir, name, "migration.sql"), sql);
        };
        write("20990101000000_semicolon", `CREATE TABLE "probe_ok" ("v" TEXT NOT NULL DEFAULT 'a;b');\n`);
        write("20990101000001_broken", `CREATE TABLE "probe_broken" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n`);

        await expect(applyMigrations(db!, { migrationsDir })).rejects.toThrow(/^Migration 20990101000001_broken failed: /);

        const rows = await db!.prisma.$queryRawUnsafe<{ migration_name: string; finished: boolean }[]>(
          `SELECT migration_name, finished_at IS NOT NULL AS finished FROM ${table("_prisma_migrations")}
            WHERE migration_name LIKE '2099%' ORDER BY migration_name`,
        );
        expect(rows).toEqual([
          { migration_name: "20990101000000_semicolon", finished: true },
          { migration_name: "20990101000001_broken", finished: false },
        ]);
        const probes = (await tablesInSchema(db!)).filter((name) => name.startsWith("probe_"));
        expect(probes).toEqual(["probe_ok"]); // the broken migration left nothing behind
        // The official rule holds: a failed migration blocks the next deploy until resolved.
        await expect(applyMigrations(db!, { migrationsDir })).rejects.toThrow(/failed migrations/);
      } finally {
        fs.rmSync(migrationsDir, { recursive: true, force: true });
      }
    });
  }
});

describe("migration authoring (db:diff)", () => {
  const work = tempDir("rekey-migrate-diff-");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  // The rule that every schema change ships with its migration (`npm run db:diff -- <name>`) is
  // guarded by the drift check on the suite's template above: the template is the committed
  // migrations applied, so no drift there is "migrations in sync with prisma/schema.prisma",
  // without replaying them all on one more shadow database. diffSchemaToMigrations' null for a
  // folder in sync is createMigration's null below.

  // A small project of its own (one model, its one migration): the engine replays every migration
  // of the folder on a shadow database twice here, and what is tested is the layout and that only
  // the change is written, not this project's migrations (the template's drift check holds those).
  it("writes a new migration for a schema change, laid out as the Prisma CLI does", { timeout: SLOW }, async () => {
    const migrationsDir = path.join(work, "migrations");
    const header = 'datasource db {\n  provider = "postgresql"\n}\n';
    const existing = 'model Existing {\n  id Int @id\n\n  @@map("existing_table")\n}\n';
    const probe = 'model MigrateProbe {\n  id    Int    @id\n  label String @default("a;b")\n\n  @@map("migrate_probe")\n}\n';
    fs.mkdirSync(path.join(migrationsDir, "20990101000000_init"), { recursive: true });
    fs.writeFileSync(
      path.join(migrationsDir, "20990101000000_init", "migration.sql"),
      '-- CreateTable\nCREATE TABLE "existing_table" (\n    "id" INTEGER NOT NULL,\n\n    CONSTRAINT "existing_table_pkey" PRIMARY KEY ("id")\n);\n',
    );
    const schemaPath = path.join(work, "schema.prisma");
    fs.writeFileSync(schemaPath, `${header}\n${existing}\n${probe}`);
    const now = new Date(Date.UTC(2099, 0, 2, 3, 4, 5));

    const created = await createMigration("add_probe", { migrationsDir, schemaPath, now });

    expect(created?.name).toBe("20990102030405_add_probe");
    const sql = fs.readFileSync(path.join(migrationsDir, "20990102030405_add_probe", "migration.sql"), "utf8");
    expect(sql).toBe(created!.sql);
    expect(sql).toContain('-- CreateTable\nCREATE TABLE "migrate_probe" (');
    expect(sql).not.toContain("existing_table"); // only the change, not the tables that already exist
    expect(fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(
      "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n" +
        'provider = "postgresql"\n',
    );

    // Now in sync: nothing more to write.
    expect(await createMigration("again", { migrationsDir, schemaPath, now: new Date(Date.UTC(2099, 0, 3)) })).toBeNull();
    expect((await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path)).toEqual([
      "20990101000000_init",
      "20990102030405_add_probe",
    ]);
  });

  it("rejects bad names before doing any work", async () => {
    for (const name of ["", "Add", "add-probe", "add probe", "../x", "a".repeat(201)]) {
      expect(() => assertMigrationName(name)).toThrow(MigrationError);
    }
    await expect(createMigration("Bad-Name", { migrationsDir: path.join(work, "none") })).rejects.toThrow(MigrationError);
    expect(fs.existsSync(path.join(work, "none"))).toBe(false);
  });

  it("stamps migrations with the CLI's UTC timestamp", () => {
    expect(migrationTimestamp(new Date(Date.UTC(2025, 10, 25, 21, 58, 7, 999)))).toBe("20251125215807");
  });
});

describe("the embedded database has one opener (lib/db/data-dir-lock.ts)", () => {
  const dataDir = tempDir("rekey-lock-");
  let db: Database | undefined;
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, SLOW);

  it("takes over a stale lock whose process is gone", { timeout: SLOW }, async () => {
    const dead = await runChild(process.execPath, ["-e", ""]);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, "rekey.lock"),
      JSON.stringify({ pid: dead.pid, command: "crashed", since: new Date(0).toISOString() }),
    );
    db = await openDatabase({ kind: "pglite", dataDir });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "rekey.lock"), "utf8")).pid).toBe(process.pid);
  });

  it("refuses a second opener in the same process", async () => {
    const second = openDatabase({ kind: "pglite", dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(/already open in this process/);
  });

  it("refuses another process, naming the holder's PID", { timeout: SLOW }, async () => {
    const script = path.join(dataDir, "..", `open-${crypto.randomBytes(4).toString("hex")}.ts`);
    fs.writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.join(root, "lib/db/open.ts"))};\n` +
        `openDatabase({ kind: "pglite", dataDir: ${JSON.stringify(dataDir)} }).then(\n` +
        `  () => { console.log(JSON.stringify({ opened: true })); process.exit(0); },\n` +
        `  (e) => { console.log(JSON.stringify({ name: e.constructor.name, code: e.code, message: e.message })); process.exit(1); },\n` +
        `);\n`,
    );
    try {
      const child = await runChild(process.execPath, ["--import", "tsx", script], { cwd: root });
      const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!);
      expect(result).toMatchObject({ name: "DataDirLockedError", code: "DATA_DIR_LOCKED" });
      expect(result.message).toContain(`in use by process ${process.pid}`);
    } finally {
      fs.rmSync(script, { force: true });
    }
  });

  it("makes `npm run db:migrate` exit 1 with the lock message and no stack trace", { timeout: SLOW }, async () => {
    // The embedded database, whatever the environment running the tests points at.
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" };
    const child = await runChild(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], { cwd: root, env });
    expect(child.code).toBe(1);
    expect(child.stderr).toContain(`in use by process ${process.pid}`);
    expect(child.stderr).not.toMatch(/^\s+at /m);
  });

  it("frees the directory on close", { timeout: SLOW }, async () => {
    await db!.close();
    db = undefined;
    expect(fs.existsSync(path.join(dataDir, "rekey.lock"))).toBe(false);
  });
});

function runChild(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ pid: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ pid: child.pid!, code, stdout, stderr }));
  });
}
