import { database, prisma, type Database, type Prisma } from "@/lib/db";
import { randomHex } from "@/lib/security";
import { processWide } from "@/lib/process-wide";

export const DEFAULT_CONNECTION_NAME = "Username-Password-Authentication";

type ConnectionRow = Prisma.ConnectionGetPayload<object>;
export type Connection = ConnectionRow;

/** The password policy of a connection, in the shape lib/passwords checks against. */
export function policyOf(connection: ConnectionRow) {
  return {
    level: connection.passwordPolicy as "none" | "low" | "fair" | "good" | "excellent",
    minLength: connection.passwordMinLength,
    historySize: connection.passwordHistorySize,
    dictionary: connection.passwordDictionary,
    noPersonalInfo: connection.passwordNoPersonalInfo,
  };
}

/** The database connection users belong to; created with Auth0's defaults on first use. */
export async function defaultConnection(): Promise<ConnectionRow> {
  const db = await prisma();
  const existing = await db.connection.findUnique({ where: { name: DEFAULT_CONNECTION_NAME } });
  if (existing) return existing;
  return db.connection.upsert({
    where: { name: DEFAULT_CONNECTION_NAME },
    create: { id: `con_${randomHex(8)}`, name: DEFAULT_CONNECTION_NAME },
    update: {},
  });
}

/**
 * The default connection's id, read once per database: nothing deletes or recreates a connection,
 * so the id never changes, while its settings (read by defaultConnection) may at any time. Keyed by
 * the database so a test that installs a fresh one never sees a stale id.
 */
export async function defaultConnectionId(): Promise<string> {
  const idsByDatabase = processWide("users.default-connection-id", () => new WeakMap<Database, string>());
  const db = await database();
  const known = idsByDatabase.get(db);
  if (known !== undefined) return known;
  const { id } = await defaultConnection();
  idsByDatabase.set(db, id);
  return id;
}

/**
 * A connection's name by id. Nothing renames a connection (its settings never include the name),
 * so the answer is kept for the life of the process, on every instance alike.
 */
export async function connectionName(id: string): Promise<string | undefined> {
  const namesById = processWide("users.connection-names", () => new Map<string, string>());
  const known = namesById.get(id);
  if (known !== undefined) return known;
  const db = await prisma();
  const row = await db.connection.findUnique({ where: { id }, select: { name: true } });
  if (row) namesById.set(id, row.name);
  return row?.name;
}

export async function findConnection(idOrName: string): Promise<ConnectionRow | null> {
  const db = await prisma();
  return db.connection.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } });
}
