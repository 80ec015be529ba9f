import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";
import { acquireDataDirLock } from "./data-dir-lock";

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  /** In-memory PGlite (tests); `loadDataDir` restores a dump taken with `dumpDataDir`. */
  | { kind: "pglite-memory"; loadDataDir?: Blob }
  | { kind: "postgres"; url: string; schema?: string };

export type Database = {
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  target: DatabaseTarget;
  /** The raw PGlite instance in embedded modes (used for dumps in tests). */
  pglite?: import("@electric-sql/pglite").PGlite;
  close(): Promise<void>;
};

/** Opens a database. For an embedded directory it takes the single-opener lock first. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    // The adapter's `schema` option qualifies Prisma's own queries only; the search path makes raw
    // SQL (job claims, rate limits) land in the same schema.
    const adapterFactory = new PrismaPg(
      { connectionString: target.url, max: 10, ...(target.schema ? { options: `-c search_path="${target.schema}"` } : {}) },
      target.schema ? { schema: target.schema } : undefined,
    );
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return { prisma, adapterFactory, target, close: () => prisma.$disconnect() };
  }

  const release = target.kind === "pglite" ? acquireDataDirLock(target.dataDir) : () => {};
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const pglite =
      target.kind === "pglite"
        ? await PGlite.create(path.join(target.dataDir, "pgdata"))
        : await PGlite.create(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {});
    const adapterFactory = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      prisma,
      adapterFactory,
      target,
      pglite,
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
