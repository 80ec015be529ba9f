import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { LOG_TYPES } from "@/lib/logs";
import { auth0UserId, parseUserId } from "@/lib/users";
import { text } from "@/lib/validation";
import { validationError } from "./errors";
import { assertWithinResultLimit, fieldParams, pagedList, pagingParams, selectFields } from "./query";

type LogRow = Prisma.LogEventGetPayload<object>;

/** One tenant log event in Auth0's shape. */
export function toAuth0Log(row: LogRow, connectionName?: string) {
  return {
    log_id: row.id,
    date: row.date.toISOString(),
    type: row.type,
    ...(row.description ? { description: row.description } : {}),
    ...(row.connectionId ? { connection_id: row.connectionId, ...(connectionName ? { connection: connectionName, strategy: "auth0", strategy_type: "database" } : {}) } : {}),
    ...(typeof (row.details as { client_id?: unknown })?.client_id === "string" ? { client_id: (row.details as { client_id: string }).client_id } : {}),
    ...(row.ip ? { ip: row.ip } : {}),
    ...(row.userAgent ? { user_agent: row.userAgent } : {}),
    details: row.details,
    ...(row.userId ? { user_id: auth0UserId(row.userId) } : {}),
    ...(row.userName ? { user_name: row.userName } : {}),
    isMobile: false,
  };
}

export const listLogsQuerySchema = z.object({
  ...pagingParams,
  ...fieldParams,
  q: text({ max: 1000 }).optional(),
  search: text({ max: 1000 }).optional(),
  sort: z.enum(["date:1", "date:-1"]).optional(),
});

/**
 * The subset of Auth0's log search Rekey answers: `type:<code>` and `user_id:<id>` terms (quoted or
 * not) joined by spaces or AND.
 */
export function parseLogSearch(q: string): Prisma.LogEventWhereInput {
  const where: Prisma.LogEventWhereInput = {};
  for (const token of q.trim().split(/\s+/).filter((t) => t && t !== "AND")) {
    const match = /^(type|user_id):"?([^"]+)"?$/.exec(token);
    if (!match) throw validationError("query", `Unsupported search term ${token.slice(0, 50)}; use type:<code> and user_id:<id>`, "q");
    const [, field, value] = match;
    if (field === "type") {
      if (!Object.hasOwn(LOG_TYPES, value!)) throw validationError("query", `Unknown log type ${value!.slice(0, 30)}`, "q");
      where.type = value;
    } else {
      where.userId = parseUserId(value!) ?? "-";
    }
  }
  return where;
}

/** `GET /api/v2/logs`: newest first by default. */
export async function listLogsFromApi(query: z.infer<typeof listLogsQuerySchema>) {
  assertWithinResultLimit(query.page, query.per_page);
  const search = query.q ?? query.search;
  const where = search ? parseLogSearch(search) : {};
  const direction = query.sort === "date:1" ? "asc" : "desc";
  const db = await prisma();
  const [rows, total, connections] = await Promise.all([
    db.logEvent.findMany({ where, orderBy: [{ date: direction }, { id: direction }], take: query.per_page, skip: query.page * query.per_page }),
    query.include_totals ? db.logEvent.count({ where }) : Promise.resolve(0),
    db.connection.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(connections.map((c) => [c.id, c.name]));
  const logs = rows.map((row) => selectFields(toAuth0Log(row, row.connectionId ? names.get(row.connectionId) : undefined), query.fields, query.include_fields));
  return pagedList("logs", logs, query, total);
}
