import { prisma } from "@/lib/db";

/** What a session token carries about its session (next-auth's JWT claims). */
export type SessionClaims = { sid?: unknown; uid?: unknown; sv?: unknown };

/**
 * Whether a token's session may still be used: its row exists for that user, was not ended by a
 * sign-out, has not reached its absolute expiry, and the user's session version still matches
 * (a password change or a block moves it, ending every session at once) and the user is not
 * blocked. One query, on every read of the session.
 */
export async function isSessionLive(claims: SessionClaims): Promise<boolean> {
  const { sid, uid, sv } = claims;
  if (typeof sid !== "string" || typeof uid !== "string" || typeof sv !== "number") return false;
  const db = await prisma();
  const live = await db.session.count({
    where: { id: sid, userId: uid, endedAt: null, expiresAt: { gt: new Date() }, user: { sessionVersion: sv, blocked: false } },
  });
  return live === 1;
}
