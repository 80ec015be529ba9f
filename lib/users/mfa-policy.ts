import { prisma } from "@/lib/db";
import { enrolledFactorTypes } from "@/lib/factors";

/** Auth0's "Require Multi-factor Auth" for a database connection; `enrolled` is the default. */
export const MFA_POLICIES = ["never", "enrolled", "always"] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

/** What a sign-in with a right password needs next. */
export type SecondFactorNeed = "none" | "challenge" | "enroll";

/**
 * The MFA policy's decision: `never` asks nothing; `enrolled` asks a user who has a factor for it;
 * `always` also makes a user without one set one up before the session starts. An unknown stored
 * value is read as the default, never as "never".
 */
export function secondFactorNeed(policy: string, hasFactor: boolean): SecondFactorNeed {
  const known: MfaPolicy = (MFA_POLICIES as readonly string[]).includes(policy) ? (policy as MfaPolicy) : "enrolled";
  if (known === "never") return "none";
  if (hasFactor) return "challenge";
  return known === "always" ? "enroll" : "none";
}

/**
 * The decision for one user at sign-in. Most users have no factor row at all: one statement (the
 * connection's policy and whether the user has a confirmed factor row) answers them; only a user
 * with rows asks the registry which of them can be used.
 */
export async function secondFactorNeedOf(userId: string, connectionId: string): Promise<SecondFactorNeed> {
  const db = await prisma();
  const [row] = await db.$queryRaw<Array<{ policy: string; has_rows: boolean }>>`
    SELECT c.mfa_policy AS policy, EXISTS (SELECT 1 FROM factors f WHERE f.user_id = ${userId} AND f.confirmed_at IS NOT NULL) AS has_rows
    FROM connections c WHERE c.id = ${connectionId}`;
  const policy = row?.policy ?? "enrolled";
  if (policy === "never") return "none";
  const hasFactor = row?.has_rows === true && (await enrolledFactorTypes(userId)).length > 0;
  return secondFactorNeed(policy, hasFactor);
}
