import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { factorLabel } from "@/lib/factors";
import { logContext, writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
import type { Actor } from "./admin";

export type FactorRow = Prisma.FactorGetPayload<object>;

// Reads and removals of enrolled factors for the admin console and the Management API. Enrollment
// and verification belong to lib/factors; removing needs nothing of theirs but the rows.

/** A user's factors, oldest first, and how many unused recovery codes they hold. */
export async function listUserFactors(userId: string): Promise<{ factors: FactorRow[]; recoveryCodesLeft: number }> {
  const db = await prisma();
  const [factors, recoveryCodesLeft] = await Promise.all([
    db.factor.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { factors, recoveryCodesLeft };
}

/**
 * Removes one factor, with its pending challenges; removing the recovery-code factor also removes
 * the codes. Logs gd_unenroll. Resolves false when the user has no such factor.
 */
export async function removeUserFactor(userId: string, factorId: string, actor: Actor, ctx: RequestContext): Promise<boolean> {
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const factor = await tx.factor.findFirst({ where: { id: factorId, userId } });
    if (!factor) return false;
    await tx.factor.delete({ where: { id: factor.id } });
    await tx.factorChallenge.deleteMany({ where: { userId, factorId: factor.id } });
    if (factor.type === "recovery-code") await tx.recoveryCode.deleteMany({ where: { userId } });
    await logUnenroll(tx, userId, [factor.type], actor, ctx);
    return true;
  });
}

/** Removes every factor and recovery code of a user (Auth0's "delete all authentication methods"). */
export async function removeAllUserFactors(userId: string, actor: Actor, ctx: RequestContext): Promise<number> {
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const user = await tx.user.count({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND");
    const factors = await tx.factor.findMany({ where: { userId }, select: { type: true } });
    await tx.factor.deleteMany({ where: { userId } });
    await tx.factorChallenge.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    if (factors.length) await logUnenroll(tx, userId, factors.map((f) => f.type), actor, ctx);
    return factors.length;
  });
}

async function logUnenroll(tx: Prisma.TransactionClient, userId: string, types: string[], actor: Actor, ctx: RequestContext) {
  await writeLog(
    {
      type: "gd_unenroll",
      userId,
      ...logContext(ctx),
      description: `Removed ${types.map(factorLabel).join(", ")}`,
      details: { factors: types, ...(actor.kind === "client" ? { client_id: actor.id } : { actor: actor.id }) },
    },
    tx,
  );
}
