import crypto from "node:crypto";
import { z } from "zod";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { verifyPassword } from "@/lib/passwords";
import { assertRateLimit, generateToken, hashToken, timingSafeEqualString } from "@/lib/security";
import type { AccountActor } from "./types";
import { replacedChallenges } from "./replaced-challenges";

/** How long a confirmed password lets a user change their factors. @default 5 minutes */
export const REAUTH_SECONDS = 5 * 60;

/** Path of the cookie: only /account pages and their route handlers ever receive it. */
export const REAUTH_COOKIE_PATH = "/account";

export const reauthSchema = z.object({
  password: z.string({ error: "fields.currentPasswordRequired" }).min(1, "fields.currentPasswordRequired").max(4096, "fields.passwordTooLong"),
});

export function reauthCookieName(): string {
  return "rekey_reauth";
}

export function reauthCookieOptions() {
  return {
    httpOnly: true,
    // Strict: no other site can make a request that carries it, whatever it embeds or submits.
    sameSite: "strict" as const,
    secure: config().PUBLIC_URL.startsWith("https://"),
    path: REAUTH_COOKIE_PATH,
    maxAge: REAUTH_SECONDS,
  };
}

function decode(value: string | undefined): { id: string; token: string } | null {
  const match = value && value.length < 200 ? /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  return match ? { id: match[1]!, token: match[2]! } : null;
}

/**
 * The signed-in user types their password again before adding or removing a factor: a session
 * left open on a shared computer must not be enough to add an attacker's key. The proof is a
 * `factor_challenges` row (ceremony `reauth`, 5 minutes) whose token only this browser's cookie holds.
 */
export async function confirmPassword(userId: string, password: string): Promise<{ cookie: string; maxAgeSeconds: number }> {
  await assertRateLimit("factorReauthPerUser", userId, undefined, { tooMany: "attempts" });
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    throw catalogError("WRONG_CURRENT_PASSWORD", { id: "refusals.passwordNotRight" }, { field: "password" });
  }
  const id = crypto.randomUUID();
  const token = generateToken(32);
  await db.$transaction([
    db.factorChallenge.deleteMany({ where: replacedChallenges(userId, { ceremony: "reauth" }) }),
    db.factorChallenge.create({
      data: { id, userId, flowId: null, ceremony: "reauth", secret: hashToken(token), expiresAt: new Date(Date.now() + REAUTH_SECONDS * 1000) },
    }),
  ]);
  return { cookie: `${id}.${token}`, maxAgeSeconds: REAUTH_SECONDS };
}

/** Until when this browser's confirmed password counts for this user, or null. */
export async function reauthValidUntil(userId: string, cookieValue: string | undefined): Promise<Date | null> {
  const cookie = decode(cookieValue);
  if (!cookie) return null;
  const db = await prisma();
  const row = await db.factorChallenge.findUnique({ where: { id: cookie.id } });
  if (!row || row.userId !== userId || row.ceremony !== "reauth" || row.expiresAt <= new Date()) return null;
  return timingSafeEqualString(row.secret, hashToken(cookie.token)) ? row.expiresAt : null;
}

/** The first step of every enrollment and removal. */
export async function requireReauth(actor: AccountActor): Promise<void> {
  if (!(await reauthValidUntil(actor.userId, actor.reauth))) throw new AppError("REAUTH_REQUIRED");
}
