import { generateNumericCode, generateToken, hashToken } from "@/lib/security";
import { resetCodeHash } from "./code-hash";

/** Digits of the code typed into the requesting tab; with 5 attempts per flow, 1 in 200,000 to guess. */
export const RESET_CODE_DIGITS = 6;

export type LinkSecrets = { ticket: string; code?: string; stored: { ticketHash: string; codeHash: string | null; codeAttempts: number } };

/**
 * The email's link ticket and short code, and the hashes the flow keeps of them. The code is typed
 * into the tab that asked, which holds the flow's cookie: a reset asked by an API client or an
 * admin has no such tab, so it gets the link only and no code exists to guess.
 */
export function newLinkSecrets(flowId: string, source: string): LinkSecrets {
  const ticket = generateToken(32);
  const code = source === "email" ? generateNumericCode(RESET_CODE_DIGITS) : undefined;
  return { ticket, code, stored: { ticketHash: hashToken(ticket), codeHash: code ? resetCodeHash(flowId, code) : null, codeAttempts: 0 } };
}
