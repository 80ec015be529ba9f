import { prisma } from "@/lib/db";
import { confirmedPhone, isFactorEnabled, listEnrolledFactors, maskEmail, maskPhone, type FactorOffer, type SupportedFactorType } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { allowsFactor, type PendingSignInRow } from "./load";
import { secondFactorOptions } from "./second-factor";

/**
 * The methods a proof form can post (typed codes), in the order the account-limit step offers
 * them. A security key or passkey is offered only to a second-factor step: its ceremony needs
 * JavaScript and has its own routes (/login/verify/webauthn); at the account limit a user with
 * only a key gets the emailed code.
 */
export const PROOF_METHODS = ["otp", "phone", "email", "recovery-code"] as const;
export type ProofMethod = (typeof PROOF_METHODS)[number];

/** The methods whose code is sent (and which therefore have a send/resend button). */
export type SentMethod = Extract<ProofMethod, "email" | "phone">;

export function isSentMethod(method: SupportedFactorType): method is SentMethod {
  return method === "email" || method === "phone";
}

/** One method a proof step offers; a second-factor step also says whether a code was sent and tries are left. */
export type ProofOption = { method: SupportedFactorType; /** Masked phone number or address, or codes left. */ detail?: string } & Partial<FactorOffer>;

/**
 * The methods a pending sign-in offers: its enrolled factors when the MFA policy asked for them
 * (the password is known right), the authenticator app being set up when the policy asks every
 * user for a factor, and the account-limit methods otherwise (which must look the same for a
 * right and a wrong password).
 */
export async function optionsOf(row: PendingSignInRow, ctx: RequestContext): Promise<ProofOption[]> {
  switch (row.reason) {
    case "second_factor":
      return secondFactorOptions(row, ctx);
    case "enroll_factor":
      return (await enrollmentOptions(row.userId)).filter((o) => allowsFactor(row, o.method));
    default:
      return proofOptionsFor(row.userId);
  }
}

/**
 * The factors a user sets up at sign-in when the policy asks every account for one ("always"),
 * each the tenant offers. Those set up with a typed code come first, so the page's default works
 * without JavaScript; a security key or passkey (its ceremony needs JavaScript, routes
 * /login/verify/webauthn/enroll) after them. An account without an email address is not offered
 * email codes. A post-login Action's `enrollWith*` offers only the ones it asked for.
 */
export const SIGN_IN_ENROLL_METHODS = ["otp", "email", "phone", "webauthn-roaming", "webauthn-platform"] as const satisfies readonly SupportedFactorType[];
export type SignInEnrollMethod = (typeof SIGN_IN_ENROLL_METHODS)[number];

async function enrollmentOptions(userId: string | null): Promise<ProofOption[]> {
  if (!userId) return [];
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  const options: ProofOption[] = [];
  for (const method of SIGN_IN_ENROLL_METHODS) {
    if (!isFactorEnabled(method)) continue;
    if (method === "email") {
      if (user?.email) options.push({ method, detail: maskEmail(user.email), open: true });
    } else {
      options.push({ method, open: true });
    }
  }
  return options;
}

/**
 * The methods offered for an account: its enrolled code-based factors; without any, a code
 * emailed to the account's address (Auth0's "email as a factor for users with an address").
 * An unknown identifier, and an account without an address, get the same email option: the page
 * must not tell a guesser which accounts exist, and nothing is ever sent to those.
 */
export async function proofOptionsFor(userId: string | null): Promise<ProofOption[]> {
  if (!userId) return [{ method: "email" }];
  const enrolled = new Set((await listEnrolledFactors(userId)).map((f) => f.type));
  const options: ProofOption[] = [];
  for (const method of PROOF_METHODS) {
    if (!enrolled.has(method)) continue;
    if (method === "phone") {
      const phone = await confirmedPhone(userId);
      if (phone) options.push({ method, detail: maskPhone(phone.number) });
    } else {
      options.push({ method });
    }
  }
  return options.length ? options : [{ method: "email" }];
}

/** Where a sent method's code goes, or null when nothing can be sent (no address, no phone). */
export async function destinationOf(userId: string | null, method: SentMethod): Promise<string | null> {
  if (!userId) return null;
  if (method === "phone") return (await confirmedPhone(userId))?.number ?? null;
  const db = await prisma();
  return (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null;
}
