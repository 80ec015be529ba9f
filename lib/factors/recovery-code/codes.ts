import crypto from "node:crypto";
import { config } from "@/lib/config";
import { keyedHash } from "@/lib/security";

/** Codes per set. */
export const RECOVERY_CODE_COUNT = 10;

// 32 symbols without 0/O and 1/I, so a code copied by hand cannot be misread: 10 symbols are 50 bits.
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A new code as shown: XXXXX-XXXXX. */
export function newRecoveryCode(): string {
  const symbols = Array.from(crypto.randomBytes(10), (byte) => ALPHABET[byte % 32]).join("");
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}

/** The stored form: keyed and bound to the user, looked up by equality (no per-row comparison to time). */
export function recoveryCodeHash(userId: string, normalized: string): string {
  return keyedHash(`recovery-code:${userId}:${normalized}`, config().AUTH_SECRET);
}

export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}
