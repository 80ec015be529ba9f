import { z } from "zod";
import { prisma } from "@/lib/db";
import { listLogs, LOG_TYPES } from "@/lib/logs";
import { normalizeEmail, parseUserId } from "@/lib/users";
import { withWho } from "./log-who";

const PAGE_SIZE = 50;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

/** The tenant log filter as the page's GET form sends it; a bad value is ignored, not an error. */
export const logQuerySchema = z.object({
  type: z.string().refine((v) => Object.hasOwn(LOG_TYPES, v)).optional().catch(undefined),
  user: z.string().trim().max(254).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type LogQueryInput = z.infer<typeof logQuerySchema>;

/**
 * The tenant log for the console, newest first: by type, by user (an id, `auth0|<id>`, or an email
 * address) and by day (UTC, both ends included).
 */
export async function searchTenantLog(query: LogQueryInput) {
  let userId: string | undefined;
  if (query.user) {
    userId = parseUserId(query.user) ?? undefined;
    if (!userId && query.user.includes("@")) {
      const db = await prisma();
      userId = (await db.user.findFirst({ where: { email: normalizeEmail(query.user) }, select: { id: true } }))?.id ?? "-";
    }
    userId ??= "-";
  }
  const page = query.page ?? 1;
  const { items, total } = await listLogs({
    type: query.type,
    userId,
    from: query.from ? new Date(`${query.from}T00:00:00.000Z`) : undefined,
    to: query.to ? new Date(`${query.to}T23:59:59.999Z`) : undefined,
    take: PAGE_SIZE,
    skip: (page - 1) * PAGE_SIZE,
  });
  return { items: await withWho(items), total, page, pageSize: PAGE_SIZE };
}
