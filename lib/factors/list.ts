import { database, prisma } from "@/lib/db";
import { factorStrategy } from "./registry";
import { SUPPORTED_FACTOR_TYPES, type EnrolledFactor, type SupportedFactorType } from "./types";

/**
 * The user's confirmed factors in Auth0's shape, one entry per type, for `event.user.enrolledFactors`
 * and for deciding which factors an Action may ask for. A type is listed only when it can be used
 * now: `recovery-code` needs an unused code, and `email` a verified address, which is all it needs
 * (Auth0: "when email is enabled as a factor, all users with verified emails can use it").
 *
 * @param knownUser the user's address and whether it is verified, when the caller has just read
 *   the user anyway (one query fewer on the reset's post-challenge step).
 */
export async function listEnrolledFactors(userId: string, knownUser?: { email: string | null; emailVerified: boolean }): Promise<EnrolledFactor[]> {
  const db = await prisma();
  const [user, factors] = await Promise.all([
    knownUser ?? db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } }),
    // On every sign-in with a post-login Action (event.user.enrolledFactors): one plain statement.
    (await database()).queryOnDriver<{ type: string }>("SELECT type FROM factors WHERE user_id = $1 AND confirmed_at IS NOT NULL", [userId]),
  ]);
  if (!user) return [];
  const types = new Set(factors.map((f) => f.type));
  // Counted only for a user who has recovery codes: most have none, and a sign-in's post-login step reads this.
  const codesLeft = types.has("recovery-code") ? await db.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  const usable: Record<SupportedFactorType, boolean> = {
    "webauthn-roaming": types.has("webauthn-roaming"),
    "webauthn-platform": types.has("webauthn-platform"),
    otp: types.has("otp"),
    email: !!user.email && user.emailVerified,
    phone: types.has("phone"),
    "recovery-code": types.has("recovery-code") && codesLeft > 0,
  };
  return SUPPORTED_FACTOR_TYPES.filter((type) => usable[type]).map((type) =>
    type === "phone" ? { type, options: { preferredMethod: "sms" } } : { type },
  );
}

export type AccountFactor = {
  id: string;
  type: SupportedFactorType;
  name: string;
  /** Masked address, or how many recovery codes are left. */
  detail?: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

/** Every confirmed factor of the user, for /account/security. */
export async function listAccountFactors(userId: string): Promise<AccountFactor[]> {
  const db = await prisma();
  const [factors, codesLeft] = await Promise.all([
    db.factor.findMany({ where: { userId, confirmedAt: { not: null } }, orderBy: { createdAt: "asc" } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return factors
    .filter((f): f is typeof f & { type: SupportedFactorType } => (SUPPORTED_FACTOR_TYPES as readonly string[]).includes(f.type))
    .map((f) => ({
      id: f.id,
      type: f.type,
      name: f.name,
      detail: factorStrategy(f.type).describe(f, { recoveryCodesLeft: codesLeft }),
      createdAt: f.createdAt,
      lastUsedAt: f.lastUsedAt,
    }));
}
