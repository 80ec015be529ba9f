import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireReauth } from "./reauth";
import { isWebauthnType, type AccountActor } from "./types";

/**
 * Renames one of the user's security keys or passkeys (the names that tell several apart). Only
 * the owner's confirmed key can match; other factors are named by what they are.
 */
export async function renameFactor(actor: AccountActor, factorId: string, name: string): Promise<void> {
  await requireReauth(actor);
  const db = await prisma();
  const factor = await db.factor.findFirst({ where: { id: factorId, userId: actor.userId, confirmedAt: { not: null } }, select: { type: true } });
  if (!factor || !isWebauthnType(factor.type)) throw new AppError("FACTOR_NOT_FOUND");
  const renamed = await db.factor.updateMany({ where: { id: factorId, userId: actor.userId }, data: { name } });
  if (renamed.count !== 1) throw new AppError("FACTOR_NOT_FOUND");
}
