import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logFactorEvent } from "./log";
import { requireReauth } from "./reauth";
import { findFactorStrategy } from "./registry";
import type { AccountActor } from "./types";

/**
 * Removes one of the user's factors (or cancels one being set up), with its pending challenges;
 * removing the recovery codes removes every code. Only the owner's row can match.
 */
export async function removeFactor(actor: AccountActor, factorId: string): Promise<void> {
  await requireReauth(actor);
  const db = await prisma();
  const factor = await db.factor.findFirst({ where: { id: factorId, userId: actor.userId } });
  if (!factor) throw new AppError("FACTOR_NOT_FOUND");
  const removed = await db.$transaction(async (tx) => {
    const deleted = await tx.factor.deleteMany({ where: { id: factor.id, userId: actor.userId } });
    await findFactorStrategy(factor.type)?.removeExtras(tx, actor.userId);
    await tx.factorChallenge.deleteMany({ where: { userId: actor.userId, factorId: factor.id } });
    return deleted.count;
  });
  if (removed !== 1) throw new AppError("FACTOR_NOT_FOUND");
  if (factor.confirmedAt) await logFactorEvent("gd_unenroll", actor, { factor: factor.type, factorId: factor.id });
}
