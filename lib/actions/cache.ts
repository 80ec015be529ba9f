import { prisma } from "@/lib/db";
import type { Trigger } from "./triggers";
import { isCacheCommand, type ApiCommand, type CacheSnapshot } from "./sandbox";

/** Auth0's limit of entries per trigger (also enforced in the sandbox for one execution's view). */
export const MAX_CACHE_ENTRIES = 20;

/** The trigger's live api.cache entries, for an execution's synchronous `api.cache.get`. */
export async function loadCacheSnapshot(trigger: Trigger): Promise<CacheSnapshot> {
  const db = await prisma();
  const rows = await db.actionCacheEntry.findMany({
    where: { trigger, expiresAt: { gt: new Date() } },
    orderBy: { expiresAt: "desc" },
    take: MAX_CACHE_ENTRIES,
  });
  return Object.fromEntries(rows.map((r) => [r.key, { value: r.value, expires_at: r.expiresAt.getTime() }]));
}

/**
 * Applies an execution's cache commands in order, then drops expired entries and, when concurrent
 * executions pushed the trigger past its limit, the entries closest to expiry. The cache is best
 * effort (as Auth0's): an entry may disappear before its expiry, never outlive it.
 */
export async function applyCacheCommands(trigger: Trigger, commands: ApiCommand[]): Promise<void> {
  const writes = commands.filter(isCacheCommand);
  if (writes.length === 0) return;
  const db = await prisma();
  await db.$transaction(async (tx) => {
    for (const c of writes) {
      if (c.type === "cache.set") {
        const expiresAt = new Date(c.expires_at);
        await tx.actionCacheEntry.upsert({
          where: { trigger_key: { trigger, key: c.key } },
          create: { trigger, key: c.key, value: c.value, expiresAt },
          update: { value: c.value, expiresAt },
        });
      } else {
        await tx.actionCacheEntry.deleteMany({ where: { trigger, key: c.key } });
      }
    }
    await tx.actionCacheEntry.deleteMany({ where: { trigger, expiresAt: { lte: new Date() } } });
    const overflow = await tx.actionCacheEntry.findMany({
      where: { trigger },
      orderBy: [{ expiresAt: "desc" }, { key: "asc" }],
      skip: MAX_CACHE_ENTRIES,
      select: { key: true },
    });
    if (overflow.length) await tx.actionCacheEntry.deleteMany({ where: { trigger, key: { in: overflow.map((o) => o.key) } } });
  });
}
