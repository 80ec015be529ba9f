import QRCode from "qrcode";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { limitFactorUse, logFactorEvent } from "../log";
import { requireReauth } from "../reauth";
import { openSecret, sealSecret } from "../seal";
import type { AccountActor } from "../types";
import { newTotpSecret, totpStep, totpUri } from "./totp";

/** An unconfirmed authenticator app is offered for this long, then setting it up starts over. */
const PENDING_MINUTES = 15;

async function findPending(userId: string) {
  const db = await prisma();
  return db.factor.findFirst({
    where: { userId, type: "otp", confirmedAt: null, createdAt: { gt: new Date(Date.now() - PENDING_MINUTES * 60_000) } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Starts setting up an authenticator app: a fresh secret, sealed, on an unconfirmed factor row.
 * It counts for nothing until a code from the app confirms it. One app per account.
 */
export async function startOtpEnrollment(actor: AccountActor): Promise<void> {
  await requireReauth(actor);
  await beginOtpEnrollment(actor.userId);
}

/**
 * The set-up itself, for a caller that has already checked who is asking: the account page after
 * its recent-password check, or a sign-in whose password was just verified (MFA policy "always").
 */
export async function beginOtpEnrollment(userId: string): Promise<void> {
  const db = await prisma();
  if (await db.factor.count({ where: { userId, type: "otp", confirmedAt: { not: null } } })) throw new AppError("FACTOR_EXISTS");
  await db.$transaction([
    db.factor.deleteMany({ where: { userId, type: "otp", confirmedAt: null } }),
    db.factor.create({ data: { userId, type: "otp", name: "Authenticator app", secretSealed: sealSecret(newTotpSecret(), userId) } }),
  ]);
}

export type PendingOtp = { factorId: string; secret: string; uri: string; qrSvg: string };

/** The set-up in progress, for the page: the secret as text, the otpauth URI and its QR code (SVG). */
export async function pendingOtpEnrollment(userId: string): Promise<PendingOtp | null> {
  const row = await findPending(userId);
  if (!row?.secretSealed) return null;
  const db = await prisma();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, username: true } });
  const secret = openSecret(row.secretSealed, userId);
  const uri = totpUri(secret, config().PRODUCT_NAME, user.email ?? user.username ?? userId);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { factorId: row.id, secret, uri, qrSvg };
}

/**
 * Confirms the app with a code from it. The code's time step is stored as the last one used, so
 * this very code cannot then pass a reset's challenge.
 */
export async function confirmOtpEnrollment(actor: AccountActor, code: string): Promise<void> {
  await requireReauth(actor);
  await completeOtpEnrollment(actor, code);
}

/** Confirms the set-up, for a caller that has already checked who is asking (see beginOtpEnrollment). */
export async function completeOtpEnrollment(actor: { userId: string; ctx: AccountActor["ctx"] }, code: string): Promise<void> {
  await limitFactorUse(actor, "otp", [["factorEnrollVerifyPerUser", actor.userId]]);
  const row = await findPending(actor.userId);
  if (!row?.secretSealed) throw catalogError("FACTOR_CODE_EXPIRED", { id: "refusals.setUpExpired" });
  const step = totpStep(openSecret(row.secretSealed, actor.userId), code);
  if (step === null) {
    const message = "That code is not right. Check the time on your device, and type the code the app shows now.";
    throw new AppError("FACTOR_CODE_INVALID", message, { fields: { code: message } });
  }
  const db = await prisma();
  const confirmed = await db.factor.updateMany({ where: { id: row.id, confirmedAt: null }, data: { confirmedAt: new Date(), counter: step } });
  if (confirmed.count !== 1) throw catalogError("FACTOR_CODE_EXPIRED", { id: "refusals.setUpExpired" });
  await logFactorEvent("gd_enrollment_complete", actor, { factor: "otp", factorId: row.id });
}
