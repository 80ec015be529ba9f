import type { RequestContext } from "@/lib/http";

/** Auth0's factor types (spec §1.3 FactorSelector); `lib/reset` re-exports them. */
export const FACTOR_TYPES = ["otp", "email", "webauthn-platform", "webauthn-roaming", "recovery-code", "phone", "push-notification"] as const;
export type FactorType = (typeof FACTOR_TYPES)[number];

/** The factors Rekey can enroll and challenge (push needs a mobile app Rekey does not have). */
export const SUPPORTED_FACTOR_TYPES = ["webauthn-roaming", "webauthn-platform", "otp", "email", "phone", "recovery-code"] as const satisfies readonly FactorType[];
export type SupportedFactorType = (typeof SUPPORTED_FACTOR_TYPES)[number];

export const WEBAUTHN_TYPES = ["webauthn-roaming", "webauthn-platform"] as const;
export type WebauthnType = (typeof WEBAUTHN_TYPES)[number];

export function isWebauthnType(type: string): type is WebauthnType {
  return (WEBAUTHN_TYPES as readonly string[]).includes(type);
}

/** What `event.user.enrolledFactors` holds, in Auth0's shape. */
export type EnrolledFactor = { type: FactorType; options?: Record<string, unknown> };

/**
 * A signed-in user changing their own factors: `reauth` is the value of the recent-password
 * cookie, checked by every enrollment and removal.
 */
export type AccountActor = { userId: string; reauth: string | undefined; ctx: RequestContext };

/**
 * A factor check inside a flow (a reset, or a pending sign-in): the user and the flow every
 * challenge row is bound to. `purpose` picks the words of a sent code's email or SMS.
 *
 * @default purpose "reset"
 */
export type FlowActor = { userId: string; flowId: string; flowExpiresAt: Date; ctx: RequestContext; purpose?: "reset" | "sign-in" };

/**
 * Kinds of `factor_challenges` rows. Each row is bound to its user, to its ceremony and, within a
 * reset, to its flow; lookups always name all three, so a row made for one purpose never answers
 * another.
 */
export type Ceremony =
  | "reauth"
  | "registration"
  | "authentication"
  | "email-verify"
  | "phone-enroll"
  | "email-otp"
  | "sms-otp"
  | "otp"
  | "recovery-code";

/** Whether Rekey can challenge this factor type (Auth0: "enabled on the tenant"); push is not offered. */
export function isFactorEnabled(type: string): boolean {
  return (SUPPORTED_FACTOR_TYPES as readonly string[]).includes(type);
}
