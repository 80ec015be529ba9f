import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { logContext, writeLog, type LogContext } from "@/lib/logs";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "@/lib/passwords";
import { startPendingSignIn, type StartedPendingSignIn } from "@/lib/pending-sign-in";
import { assertRateLimit, consumeRateLimitsInOrder, type RateLimitLog, type RateLimitRefusal, refuseIfLimited } from "@/lib/security";
import { newSession, type NewSession } from "@/lib/sessions";
import { defaultConnectionId } from "./connection";
import { normalizeIdentifier } from "./normalize";
import { secondFactorNeedOf } from "./mfa-policy";
import { recordSignIn } from "./record-sign-in";
import { settled, unsettled } from "./settled";

export type SignedInUser = {
  id: string;
  email: string | null;
  username: string | null;
  role: string;
  passwordVersion: number;
  sessionVersion: number;
  /** The session this sign-in started: its id goes into the session token. */
  sessionId: string;
  sessionExpiresAt: Date;
  /** RFC 8176 authentication methods of this sign-in (`pwd`; `otp`, `hwk`, `mfa`… after a factor). */
  amr: string[];
};

/** Receives the handle of a pending sign-in, for the browser's cookie, before PROOF_REQUIRED is thrown. */
export type OnProofRequired = (pending: StartedPendingSignIn) => void;

/**
 * Checks an identifier and password. Limits are keyed by what was typed, not by whether an account
 * exists, and an unknown identifier still costs one argon2 verify: neither the answer, the limit
 * nor the timing tells an attacker which accounts exist.
 *
 * The per-IP limit comes before any argon2 work, so one address cannot make the server hash. The
 * account limits (one statement) and the second-factor read then run on the database while argon2
 * verifies on libuv's thread pool: the verify (~20 ms) does not wait behind them, and its result is
 * used only once both limits allowed it.
 *
 * The two account limits answer differently. The account+IP one refuses: it stops one address
 * guessing. The account-wide one must not: refusing there let 20 addresses guessing once a minute
 * lock the owner (and the admin) out with the right password. Once it is spent, every password,
 * right or wrong, gets PROOF_REQUIRED and a pending sign-in, and only a right password plus a right
 * proof (a second factor, or a code emailed to the account) signs in. Answering wrong passwords
 * "wrong" there would keep telling a distributed guesser which guess was right past the account
 * budget, which is exactly what that budget exists to stop; so the guesser learns nothing from the
 * answer, and the proof step cannot complete without the owner's mailbox or device.
 */
export async function signInWithPassword(identifier: string, password: string, ctx: RequestContext, onProofRequired?: OnProofRequired): Promise<SignedInUser> {
  const id = normalizeIdentifier(identifier);
  const connectionId = await defaultConnectionId();
  const base = logContext(ctx, { userName: id.key, connectionId });
  await assertRateLimit("signInPerIp", ipLimitKey(ctx.ip), signInLimitLog("signInPerIp", base), SIGN_IN_REFUSAL);

  const db = await prisma();
  const findUser = () => db.user.findFirst({ where: { connectionId, ...(id.email ? { email: id.email } : { username: id.username }) } });
  let user = await findUser();
  // Import mode: no such user here yet, so the old system's login script is asked, after the per-IP
  // limit (one address cannot make us call it at will). Loaded at run time: lib/custom-database
  // builds on lib/actions, which builds on this folder.
  if (!user) {
    const { migrateUserOnSignIn } = await import("@/lib/custom-database");
    if (await migrateUserOnSignIn({ connectionId, identifier: id, password, ip: ctx.ip, userAgent: ctx.userAgent })) user = await findUser();
  }
  const verifying = settled(user?.passwordHash ? verifyPassword(user.passwordHash, password) : dummyVerify(password));
  // What a right password would need next, read while argon2 runs: its answer is used only once
  // the password is verified, and the read then costs the sign-in no time of its own.
  const needing = user?.passwordHash ? settled(secondFactorNeedOf(user.id, connectionId)) : undefined;
  // Both account limits in one statement, the account-wide one tried only if this IP's allows.
  const accountIpKey = `${id.key}|${ipLimitKey(ctx.ip)}`;
  const [accountIp, account] = await consumeRateLimitsInOrder([
    { policy: "signInPerAccountIp", key: accountIpKey },
    { policy: "signInPerAccount", key: id.key },
  ]);
  if (accountIp) await refuseIfLimited(accountIp, signInLimitLog("signInPerAccountIp", base), SIGN_IN_REFUSAL);
  const proofRequired = account !== undefined && !account.allowed;
  const verified = unsettled(await verifying);

  if (!user || !user.passwordHash) {
    await writeLog({ ...base, type: "fu", description: "Wrong email or password." });
  } else if (!verified) {
    await writeLog({ ...base, type: "fp", userId: user.id, description: "Wrong email or password." });
  }
  if (proofRequired) {
    await writeLog({ ...base, type: "limit_wc", userId: user?.id, description: "Account-wide sign-in limit: proof required", details: { policy: "signInPerAccount" } });
    const pending = await startPendingSignIn({
      userId: user?.id ?? null,
      connectionId,
      identifier: id.key,
      reason: "account_limit",
      passwordVerified: !!user?.passwordHash && verified,
      passwordVersion: user?.passwordVersion ?? 0,
      ctx,
    });
    onProofRequired?.(pending);
    throw new AppError("PROOF_REQUIRED");
  }
  if (!user || !user.passwordHash || !verified) throw new AppError("INVALID_CREDENTIALS");
  // Said only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.blocked) {
    await writeLog({ ...base, type: "f", userId: user.id, description: "user is blocked" });
    throw catalogError("USER_BLOCKED", { id: "refusals.accountBlocked" });
  }

  // The MFA policy (connection setting): a user with a factor is asked for it, and under "always" a
  // user without one sets one up, before any session exists (lib/pending-sign-in, /login/verify).
  const need = unsettled(await needing!);
  if (need !== "none") {
    const pending = await startPendingSignIn({
      userId: user.id,
      connectionId,
      identifier: id.key,
      reason: need === "enroll" ? "enroll_factor" : "second_factor",
      passwordVerified: true,
      passwordVersion: user.passwordVersion,
      ctx,
    });
    onProofRequired?.(pending);
    throw new AppError("PROOF_REQUIRED", "Confirm it is you with your second factor.");
  }

  // Parameters moved on since this hash was made: upgrade it now that we hold the plain text.
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : undefined;
  const session = newSession(user.id, ctx);
  await recordSignIn({
    userId: user.id,
    passwordVersion: user.passwordVersion,
    ip: ctx.ip,
    ...(rehash ? { rehash } : {}),
    accountIpLimitKey: accountIpKey,
    session,
    log: { ...base, type: "s", userId: user.id, details: { amr: ["pwd"] } },
  });
  return signedInUser(user, session);
}

/** What the session is made of, once a sign-in has recorded its session. */
export function signedInUser(
  user: { id: string; email: string | null; username: string | null; role: string; passwordVersion: number; sessionVersion: number },
  session: NewSession,
  amr: string[] = ["pwd"],
): SignedInUser {
  const { id, email, username, role, passwordVersion, sessionVersion } = user;
  return { id, email, username, role, passwordVersion, sessionVersion, sessionId: session.id, sessionExpiresAt: session.expiresAt, amr };
}

type SignInPolicy = "signInPerIp" | "signInPerAccountIp";

const SIGN_IN_REFUSAL: RateLimitRefusal = { tooMany: "signInAttempts" };

/** The tenant log line of a refused sign-in: which limit refused it. */
function signInLimitLog(policy: SignInPolicy, base: LogContext): RateLimitLog {
  return () => writeLog({ ...base, type: policy === "signInPerIp" ? "limit_mu" : "limit_wc", details: { policy } });
}

