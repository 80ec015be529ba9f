import { Secret, TOTP } from "otpauth";

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 seconds. */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(base32: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(base32), period: PERIOD }).toString();
}

/**
 * The time step a code belongs to, accepting one step either side (clock drift), or null. Callers
 * store the step of the last accepted code and accept only later ones: that refuses a replay of
 * the same code, and of any older one, within the window.
 */
export function totpStep(base32: string, code: string, timestamp = Date.now()): number | null {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(base32), period: PERIOD, window: 1, timestamp });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp }) + delta;
}
