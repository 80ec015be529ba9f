import { prisma, type Prisma } from "@/lib/db";

/** What a session token carries about its session (next-auth's JWT claims). */
export type SessionClaims = { sid?: unknown; uid?: unknown; sv?: unknown };

type Claims = { sid: string; uid: string; sv: number };

function claimsOf({ sid, uid, sv }: SessionClaims): Claims | undefined {
  return typeof sid === "string" && typeof uid === "string" && typeof sv === "number" ? { sid, uid, sv } : undefined;
}

/**
 * THE rule for a session that may still be used, in its two halves: the session row exists, was
 * not ended by a sign-out and has not reached its absolute expiry; its user is not blocked and the
 * user's session version still matches (a password change or a block moves it, ending every
 * session at once).
 */
function liveRow({ sid }: Claims): Prisma.SessionWhereInput {
  return { id: sid, endedAt: null, expiresAt: { gt: new Date() } };
}

function liveUser({ sv }: Claims): Prisma.UserWhereInput {
  return { sessionVersion: sv, blocked: false };
}

/** Whether a token's session may still be used. One query, on every read of the session. */
export async function isSessionLive(claims: SessionClaims): Promise<boolean> {
  const valid = claimsOf(claims);
  if (!valid) return false;
  const db = await prisma();
  return (await db.session.count({ where: { ...liveRow(valid), userId: valid.uid, user: liveUser(valid) } })) === 1;
}

/**
 * The user's row when the token's session may still be used, else null: the same check and the
 * row in one query, for a caller that needs both (the post-login Actions' event).
 */
export async function liveSessionUser(claims: SessionClaims) {
  const valid = claimsOf(claims);
  if (!valid) return null;
  const db = await prisma();
  return db.user.findFirst({ where: { ...liveUser(valid), id: valid.uid, sessions: { some: liveRow(valid) } } });
}
