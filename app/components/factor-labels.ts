import type { SupportedFactorType } from "@/lib/factors/types";

/** How each factor is called on the pages (the account page and the reset's challenge). */
export const FACTOR_LABELS: Record<SupportedFactorType, string> = {
  "webauthn-roaming": "Security key",
  "webauthn-platform": "Passkey on this device",
  otp: "Authenticator app",
  email: "Email code",
  phone: "Text message (SMS)",
  "recovery-code": "Recovery code",
};
