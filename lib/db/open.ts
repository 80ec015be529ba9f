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
  /**
   * Runs one parameterised statement (`$1`, `$2`…) on the driver itself, PGlite's `query` or a
   * small `pg` pool of its own, not through Prisma's client: for the writes that carry a stored
   * file's bytes, which Prisma's client makes the process's memory grow with (stored-chunks.ts).
   * Outside any transaction, as a Prisma query outside `$transaction` is.
   */
  executeOnDriver(sql: string, params: readonly unknown[]): Promise<void>;
  /** The same for one read on a hot path, where Prisma's client costs three times the statement (its rows as the driver gives them). */
  queryOnDriver<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
};

/**
 * @default 2. Connections of the PostgreSQL pool `executeOnDriver` uses besides Prisma's own (10):
 * each upload or export writes its chunks one after the other, so two serve two at once and more
 * wait their turn for a few milliseconds.
 */
const DRIVER_POOL_MAX = 2;

/** Opens a database. For an embedded directory it takes the single-opener lock first. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    // The adapter's `schema` option qualifies Prisma's own queries only; the search path makes raw
    // SQL (job claims, rate limits) land in the same schema.
    const connection = { connectionString: target.url, ...(target.schema ? { options: `-c search_path="${target.schema}"` } : {}) };
    const adapterFactory = new PrismaPg({ ...connection, max: 10 }, target.schema ? { schema: target.schema } : undefined);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    const driver = lazyPool({ ...connection, max: DRIVER_POOL_MAX });
    return {
      prisma,
      adapterFactory,
      target,
      async executeOnDriver(sql, params) {
        await (await driver.pool()).query(sql, [...params]);
      },
      async queryOnDriver<Row>(sql: string, params: readonly unknown[]) {
        return (await (await driver.pool()).query(sql, [...params])).rows as Row[];
      },
      async close() {
        await prisma.$disconnect();
        await driver.end();
      },
    };
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
      async executeOnDriver(sql, params) {
        await pglite.query(sql, [...params]);
      },
      async queryOnDriver<Row>(sql: string, params: readonly unknown[]) {
        return (await pglite.query<Row>(sql, [...params])).rows;
      },
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

/** A `pg` pool (on the same server and schema as Prisma's), opened on first use. */
function lazyPool(config: import("pg").PoolConfig) {
  let opening: Promise<import("pg").Pool> | undefined;
  return {
    pool() {
      opening ??= import("pg").then(({ default: pg }) => {
        const pool = new pg.Pool(config);
        // A server that drops an idle connection: the pool replaces it on the next query, which
        // reports its own error; without a listener the event would end the process.
        pool.on("error", () => {});
        return pool;
      });
      return opening;
    },
    async end() {
      const pool = opening;
      opening = undefined;
      if (pool) await (await pool).end();
    },
  };
}
