import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { verifyProof, type ProofInput } from "@/lib/pending-sign-in";
import { newSession } from "@/lib/sessions";
import { recordSignIn } from "./record-sign-in";
import { signedInUser, type SignedInUser } from "./sign-in";

/**
 * The second half of a sign-in that needed proof (/login/verify): the proof is checked and the
 * pending sign-in consumed (lib/pending-sign-in), then the sign-in is recorded like a password
 * one, with the same session. A password changed or a block since the password was typed ends
 * it here: the password that was checked is no longer the account's.
 */
export async function signInWithProof(cookieValue: string | undefined, input: ProofInput, ctx: RequestContext): Promise<SignedInUser> {
  const proved = await verifyProof(cookieValue, input, ctx);
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: proved.userId } });
  if (!user || user.passwordVersion !== proved.passwordVersion) throw new AppError("SIGN_IN_EXPIRED");
  const base = logContext(ctx, { userId: user.id, userName: proved.identifier, connectionId: proved.connectionId });
  if (user.blocked) {
    await writeLog({ ...base, type: "f", description: "user is blocked" });
    throw catalogError("USER_BLOCKED", { id: "refusals.accountBlocked" });
  }
  const session = newSession(user.id, ctx);
  const started = await recordSignIn({
    userId: user.id,
    passwordVersion: proved.passwordVersion,
    ip: ctx.ip,
    accountIpLimitKey: `${proved.identifier}|${proved.ip}`,
    session,
    log: proved.stepUp ? undefined : { ...base, type: "s", details: { proof: proved.method, reason: proved.reason, amr: proved.amr, pendingSignInId: proved.pendingSignInId } },
  });
  if (!started) throw new AppError("SIGN_IN_EXPIRED");
  return signedInUser(user, session, proved.amr);
}
