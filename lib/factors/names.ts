import type { SupportedFactorType } from "./types";

/**
 * What each factor is called, written once: the account page, the sign-in proof and reset
 * challenge pages, the admin console and the tenant log all say it this way. (A factor row's own
 * `name` is the one its owner gave it, such as "YubiKey 5"; this is the kind of factor.)
 */
export const FACTOR_LABELS: Record<SupportedFactorType, string> = {
  "webauthn-roaming": "Security key",
  "webauthn-platform": "Passkey on this device",
  otp: "Authenticator app",
  email: "Email code",
  phone: "Text message (SMS)",
  "recovery-code": "Recovery code",
};

/** The label of a stored factor type; a type Rekey does not know (a row from elsewhere) is shown as it is. */
export function factorLabel(type: string): string {
  return Object.hasOwn(FACTOR_LABELS, type) ? FACTOR_LABELS[type as SupportedFactorType] : type;
}
