import type { Prisma } from "@/lib/db";

/**
 * What a new challenge replaces: the earlier one of the same scope (only the newest works) and,
 * while we are at it, every challenge of this user past its expiry, which nothing reads any more.
 * Expired rows so never pile up, without a sweeper job.
 */
export function replacedChallenges(userId: string, scope: Prisma.FactorChallengeWhereInput): Prisma.FactorChallengeWhereInput {
  return { userId, OR: [scope, { expiresAt: { lt: new Date() } }] };
}
