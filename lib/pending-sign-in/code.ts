import { config } from "@/lib/config";
import { generateNumericCode, keyedHash, timingSafeEqualString } from "@/lib/security";

/**
 * A 6-digit code for one pending sign-in and its stored form: keyed (a plain hash of 10^6 values
 * is reversed by trying them all) and bound to the row, so a code is worth nothing elsewhere.
 */
export function newProofCode(pendingId: string): { code: string; hash: string } {
  const code = generateNumericCode(6);
  return { code, hash: proofCodeHash(pendingId, code) };
}

export function proofCodeMatches(pendingId: string, storedHash: string | null, typed: string): boolean {
  // Compared even when nothing was stored, so both cases take the same time.
  return timingSafeEqualString(storedHash ?? "", proofCodeHash(pendingId, typed)) && storedHash !== null;
}

function proofCodeHash(pendingId: string, code: string): string {
  return keyedHash(`sign-in-code:${pendingId}:${code}`, config().AUTH_SECRET);
}
