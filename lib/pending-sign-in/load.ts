import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { handleHashOf } from "./handle";

export type PendingSignInRow = Prisma.PendingSignInGetPayload<object>;

/** Whether the pending sign-in may use this factor type: a post-login Action's factor step names the ones it asked for; otherwise any. */
export function allowsFactor(row: Pick<PendingSignInRow, "factors">, type: string): boolean {
  return row.factors === null || row.factors.split(" ").includes(type);
}

/**
 * Whether the pending sign-in is a post-login Action's factor step (only those name their
 * factors): the user signed in already, in this sign-in, and the proof steps it up.
 */
export function isActionFactorStep(row: Pick<PendingSignInRow, "factors">): boolean {
  return row.factors !== null;
}

/** Tries one pending sign-in allows, whatever the method: a 6-digit code then has 1 chance in 200,000. */
export const MAX_PROOF_ATTEMPTS = 5;

/**
 * The pending sign-in this browser's cookie names, while it can still be completed: not consumed,
 * not expired, tries left. Anything else is one answer, SIGN_IN_EXPIRED: sign in again.
 */
export async function loadPendingSignIn(cookieValue: string | undefined): Promise<PendingSignInRow> {
  const hash = handleHashOf(cookieValue);
  if (!hash) throw new AppError("SIGN_IN_EXPIRED");
  const db = await prisma();
  const row = await db.pendingSignIn.findUnique({ where: { handleHash: hash } });
  if (!row || row.consumedAt || row.expiresAt <= new Date() || row.attempts >= MAX_PROOF_ATTEMPTS) throw new AppError("SIGN_IN_EXPIRED");
  return row;
}

/** Where a pending sign-in stands, by id: `proved` once its proof passed (consumed), with the method. */
export type PendingSignInState = { kind: "proved"; userId: string | null; provedWith: string } | { kind: "open" } | { kind: "gone" };

export async function pendingSignInState(id: string): Promise<PendingSignInState> {
  const db = await prisma();
  const row = await db.pendingSignIn.findUnique({ where: { id }, select: { userId: true, consumedAt: true, provedWith: true, expiresAt: true, attempts: true } });
  if (!row) return { kind: "gone" };
  if (row.consumedAt) return row.provedWith ? { kind: "proved", userId: row.userId, provedWith: row.provedWith } : { kind: "gone" };
  return row.expiresAt > new Date() && row.attempts < MAX_PROOF_ATTEMPTS ? { kind: "open" } : { kind: "gone" };
}
