// Minimal stand-in until lib/factors (worktree wt-factors) is merged: only what the post-challenge
// runner needs. The merge keeps the factors engineer's version of these two functions.
import { prisma } from "@/lib/db";

export type EnrolledFactor = { type: string; options?: Record<string, unknown> };

/**
 * The user's confirmed factors as Auth0 reports them in `event.user.enrolledFactors`: one entry per
 * type, plus `recovery-code` while unused recovery codes remain.
 */
export async function listEnrolledFactors(userId: string): Promise<EnrolledFactor[]> {
  const db = await prisma();
  const [factors, recovery] = await Promise.all([
    db.factor.findMany({ where: { userId, confirmedAt: { not: null } }, select: { type: true }, orderBy: { createdAt: "asc" } }),
    db.recoveryCode.findFirst({ where: { userId, usedAt: null }, select: { id: true } }),
  ]);
  const types = [...new Set(factors.map((f) => f.type))];
  if (recovery && !types.includes("recovery-code")) types.push("recovery-code");
  return types.map((type) => ({ type }));
}

/** Whether Rekey can challenge this factor type (Auth0: "enabled on the tenant"). */
export function isFactorEnabled(type: string): boolean {
  void type;
  return true;
}
