import crypto from "node:crypto";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { AppError, catalogError, type ErrorCode } from "@/lib/errors";
import { generateNumericCode, keyedHash, timingSafeEqualString } from "@/lib/security";
import type { Ceremony } from "./types";
import { replacedChallenges } from "./replaced-challenges";

/** Tries one challenge allows: a 6-digit code then has 1 chance in 200,000 to be guessed. */
export const MAX_FACTOR_ATTEMPTS = 5;

export type ChallengeScope = { userId: string; flowId: string | null; ceremony: Ceremony };
type Tx = Pick<Prisma.TransactionClient, "factorChallenge">;

// Bound to the row's id: a code is worth something only for the challenge it was made for.
function codeHash(challengeId: string, code: string): string {
  return keyedHash(`factor-code:${challengeId}:${code}`, config().AUTH_SECRET);
}

function scopeWhere(scope: ChallengeScope) {
  return { userId: scope.userId, flowId: scope.flowId, ceremony: scope.ceremony };
}

/**
 * Makes a fresh code for a scope in the caller's transaction (the one that queues the message)
 * and deletes any earlier one, so only the newest code works. Only its keyed hash is stored.
 */
export async function issueCode(
  tx: Tx,
  scope: ChallengeScope & { ttlSeconds: number; factorType?: string; factorId?: string },
): Promise<{ code: string; expiresAt: Date }> {
  await tx.factorChallenge.deleteMany({ where: replacedChallenges(scope.userId, scopeWhere(scope)) });
  const id = crypto.randomUUID();
  const code = generateNumericCode(6);
  const expiresAt = new Date(Date.now() + scope.ttlSeconds * 1000);
  await tx.factorChallenge.create({
    data: { id, ...scopeWhere(scope), factorType: scope.factorType, factorId: scope.factorId, secret: codeHash(id, code), expiresAt },
  });
  return { code, expiresAt };
}

/** The scope's code that can still be typed, if any: a page shows the code field only then. */
export async function findLiveCode(scope: ChallengeScope) {
  const db = await prisma();
  return db.factorChallenge.findFirst({
    where: { ...scopeWhere(scope), consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: MAX_FACTOR_ATTEMPTS } },
    orderBy: { createdAt: "desc" },
  });
}

function wrongCode(left: number): AppError {
  const message = `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`;
  return new AppError("FACTOR_CODE_INVALID", message, { fields: { code: message } });
}

/**
 * Redeems a typed code. One attempt is taken by a conditional update before comparing, so
 * parallel guesses cannot exceed the limit; the right code deletes the row (exactly one request
 * wins), and so does the last wrong one: every outcome but "try again" ends the challenge.
 */
export async function redeemCode(scope: ChallengeScope, code: string): Promise<{ factorId: string | null; factorType: string | null }> {
  const db = await prisma();
  const row = await db.factorChallenge.findFirst({ where: { ...scopeWhere(scope), consumedAt: null }, orderBy: { createdAt: "desc" } });
  if (!row || row.expiresAt <= new Date()) {
    if (row) await db.factorChallenge.deleteMany({ where: { id: row.id } });
    throw new AppError("FACTOR_CODE_EXPIRED");
  }
  const taken = await db.factorChallenge.updateMany({
    where: { id: row.id, consumedAt: null, attempts: { lt: MAX_FACTOR_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (taken.count !== 1) {
    await db.factorChallenge.deleteMany({ where: { id: row.id } });
    throw new AppError("FACTOR_CODE_ATTEMPTS");
  }
  if (!timingSafeEqualString(row.secret, codeHash(row.id, code))) {
    const left = MAX_FACTOR_ATTEMPTS - row.attempts - 1;
    if (left > 0) throw wrongCode(left);
    await db.factorChallenge.deleteMany({ where: { id: row.id } });
    throw new AppError("FACTOR_CODE_ATTEMPTS");
  }
  const won = await db.factorChallenge.deleteMany({ where: { id: row.id } });
  if (won.count !== 1) throw new AppError("FACTOR_CODE_EXPIRED");
  return { factorId: row.factorId, factorType: row.factorType };
}

// One budget row per flow and ceremony, with an id derived from both, so two first attempts in
// parallel find the same row instead of opening two budgets.
function budgetId(flowId: string, ceremony: Ceremony): string {
  const hex = crypto.createHash("sha256").update(`budget:${flowId}:${ceremony}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type Attempt = {
  /** Tries left after this one. */
  left: number;
  /** Call on success: the challenge is over. */
  settle(): Promise<void>;
  /** The error to throw when this try was wrong; `detail` goes to the log only. */
  wrong(detail?: string): AppError;
};

/**
 * The 5 tries of a challenge with nothing to send (authenticator app, recovery code), counted in a
 * row bound to the flow. A spent budget stays, so the method stays closed for this reset.
 */
export async function takeAttempt(scope: ChallengeScope & { flowId: string; expiresAt: Date }): Promise<Attempt> {
  const db = await prisma();
  const id = budgetId(scope.flowId, scope.ceremony);
  await db.factorChallenge.createMany({ data: [{ id, ...scopeWhere(scope), secret: "", expiresAt: scope.expiresAt }], skipDuplicates: true });
  const taken = await db.factorChallenge.updateMany({
    where: { id, ...scopeWhere(scope), consumedAt: null, attempts: { lt: MAX_FACTOR_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (taken.count !== 1) throw catalogError("FACTOR_CODE_ATTEMPTS", { id: "refusals.tooManyCodesUseAnother" });
  const row = await db.factorChallenge.findUniqueOrThrow({ where: { id }, select: { attempts: true } });
  const left = Math.max(0, MAX_FACTOR_ATTEMPTS - row.attempts);
  return {
    left,
    settle: async () => {
      await db.factorChallenge.deleteMany({ where: { id } });
    },
    wrong: (detail) => {
      const error = left > 0 ? wrongCode(left) : catalogError("FACTOR_CODE_ATTEMPTS", { id: "refusals.tooManyCodesUseAnother" });
      return detail ? new AppError(error.code as ErrorCode, error.message, { fields: error.fields, detail }) : error;
    },
  };
}

/** Whether a flow's budget for a ceremony is spent (the page then offers the other methods). */
export async function attemptsSpent(scope: ChallengeScope & { flowId: string }): Promise<boolean> {
  const db = await prisma();
  const row = await db.factorChallenge.findUnique({ where: { id: budgetId(scope.flowId, scope.ceremony) }, select: { attempts: true, userId: true } });
  return !!row && row.userId === scope.userId && row.attempts >= MAX_FACTOR_ATTEMPTS;
}
