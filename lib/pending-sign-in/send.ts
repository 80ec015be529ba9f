import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recipientLocale, sendSms, smsCodeText } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { wakeWorkers } from "@/lib/jobs";
import { logContext, writeLog } from "@/lib/logs";
import { enqueueEmail, factorCodeEmail } from "@/lib/mail";
import { assertRateLimit, consumeRateLimit } from "@/lib/security";
import { newProofCode } from "./code";
import { loadPendingSignIn, type PendingSignInRow } from "./load";
import { destinationOf, proofOptionsFor, type SentMethod } from "./methods";
import { startSecondFactor, startSignInEnrollment } from "./second-factor";
import { limitSubject } from "./subject";

const PER_ACCOUNT = { email: "emailCodePerUser", phone: "smsPerUser" } as const;

/**
 * "Send code" and "Send a new code" (email, SMS): a new code replaces the last one. A pending
 * sign-in may send 3 (then 1 a minute); the account's own email and SMS budgets apply on top. A
 * code is made and stored whatever the password was, but leaves only when it was right, and a
 * spent account budget is not announced either (it would tell a guesser the password was right):
 * the answer is always "sent".
 */
export async function sendProofCode(cookieValue: string | undefined, method: SentMethod, ctx: RequestContext, options: { phoneNumber?: string } = {}): Promise<{ sentTo: string | null }> {
  const row = await loadPendingSignIn(cookieValue);
  // Setting up a factor follows a right password: the code goes where the user asked.
  if (row.reason === "enroll_factor") return startSignInEnrollment(row, method, ctx, options.phoneNumber);
  // A second-factor step sends through the factor itself, with its own limits (per flow, per user).
  if (row.reason === "second_factor") {
    const started = await startSecondFactor(row, method, ctx);
    return { sentTo: started.kind === "code-sent" ? started.sentTo : null };
  }
  const option = (await proofOptionsFor(row.userId)).find((o) => o.method === method);
  if (!option) throw new AppError("FACTOR_NOT_ALLOWED");
  await assertRateLimit("signInProofCodePerPending", row.id, undefined, { tooMany: "codes" });
  const account = await consumeRateLimit(PER_ACCOUNT[method], limitSubject(row));
  const to = await destinationOf(row.userId, method);
  const send = account.allowed && !!to && row.passwordVerified;
  const code = newProofCode(row.id);
  const locale = row.userId ? await recipientLocale(row.userId, ctx) : undefined;
  const db = await prisma();
  await db.$transaction(async (tx) => {
    const stored = await tx.pendingSignIn.updateMany({ where: { id: row.id, consumedAt: null }, data: { codeHash: code.hash, codeChannel: method } });
    if (stored.count !== 1) throw new AppError("SIGN_IN_EXPIRED");
    if (!send || !to) return;
    if (method === "email") await enqueueEmail(tx, { to, ...factorCodeEmail({ code: code.code, expiresAt: row.expiresAt, purpose: "sign-in", locale }) });
  });
  let outcome = send ? "sent" : account.allowed ? "not sent" : "not sent: account limit";
  if (send && method === "email") wakeWorkers();
  if (send && method === "phone" && to) outcome = await sendSignInSms(row, to, code.code, ctx);
  await log(row, ctx, method, outcome);
  return { sentTo: option.detail ?? null };
}

/**
 * The SMS goes through the one gate against SMS pumping (country, per number, per IP, tenant-wide).
 * Its refusals are logged there and not shown: only a right password ever gets this far, so a
 * refusal on the page would tell a guesser the password was right.
 */
async function sendSignInSms(row: PendingSignInRow, to: string, code: string, ctx: RequestContext): Promise<string> {
  if (!row.userId) return "not sent";
  try {
    const locale = await recipientLocale(row.userId, ctx);
    await sendSms({ who: { userId: row.userId, ctx }, to, purpose: "sign-in", limits: [] }, async () => ({ body: smsCodeText(code, locale), code, result: undefined }));
    return "sent";
  } catch (error) {
    if (error instanceof AppError && ["RATE_LIMITED", "SMS_UNAVAILABLE", "SMS_COUNTRY_NOT_ALLOWED"].includes(error.code)) return `not sent: ${error.code}`;
    throw error;
  }
}

async function log(row: PendingSignInRow, ctx: RequestContext, method: SentMethod, outcome: string): Promise<void> {
  await writeLog({
    type: method === "email" ? "gd_send_email" : "gd_send_sms",
    ...logContext(ctx, { userId: row.userId, userName: row.identifier, connectionId: row.connectionId }),
    description: `Sign-in proof code ${outcome}`,
    details: { pendingSignInId: row.id, factor: method },
  });
}
