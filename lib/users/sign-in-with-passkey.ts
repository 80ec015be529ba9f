import { prisma } from "@/lib/db";
import { AppError, catalogError, isAppError } from "@/lib/errors";
import { factorStrategy, verifyPasskeySignIn, type AuthenticationResponse } from "@/lib/factors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { assertRateLimit } from "@/lib/security";
import { newSession } from "@/lib/sessions";
import { normalizeIdentifier } from "./normalize";
import { recordSignIn } from "./record-sign-in";
import { signedInUser, type SignedInUser } from "./sign-in";

/**
 * "Sign in with a passkey": a discoverable credential, verified with user verification (the
 * device's PIN or biometrics), signs in without a password and counts as two factors, so no
 * factor step follows whatever the MFA policy. Checks in order: the per-IP sign-in limit, the
 * ceremony bound to this browser (lib/factors), the user (exists, not blocked), then the session
 * as a password sign-in records it, with amr `hwk`/`swk` + `mfa`.
 */
export async function signInWithPasskey(handle: string | undefined, response: AuthenticationResponse, ctx: RequestContext): Promise<SignedInUser> {
  await assertRateLimit("signInPerIp", ipLimitKey(ctx.ip), undefined, { tooMany: "signInAttempts" });
  const base = logContext(ctx);
  let passed: Awaited<ReturnType<typeof verifyPasskeySignIn>>;
  try {
    passed = await verifyPasskeySignIn(handle, response);
  } catch (error) {
    if (isAppError(error)) await writeLog({ ...base, type: "gd_auth_failed", description: "Passkey sign-in failed", details: { factor: "passkey", reason: error.detail ?? error.code } });
    throw error;
  }
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: passed.userId } });
  if (!user) throw catalogError("WEBAUTHN_FAILED", { id: "refusals.passkeyDidNotSignIn" });
  const identifier = normalizeIdentifier(user.email ?? user.username ?? user.id).key;
  const logBase = logContext(ctx, { userId: user.id, userName: identifier, connectionId: user.connectionId });
  if (user.blocked) {
    await writeLog({ ...logBase, type: "f", description: "user is blocked" });
    throw catalogError("USER_BLOCKED", { id: "refusals.accountBlocked" });
  }
  const amr = [...factorStrategy(passed.type).amr, "mfa"];
  await writeLog({ ...logBase, type: "gd_auth_succeed", details: { factor: passed.type, factorId: passed.factorId, passkey: true } });
  const session = newSession(user.id, ctx);
  const started = await recordSignIn({
    userId: user.id,
    passwordVersion: user.passwordVersion,
    ip: ctx.ip,
    accountIpLimitKey: `${identifier}|${ipLimitKey(ctx.ip)}`,
    session,
    log: { ...logBase, type: "s", details: { passkey: passed.type, amr } },
  });
  if (!started) throw new AppError("SIGN_IN_EXPIRED");
  return signedInUser(user, session, amr);
}
