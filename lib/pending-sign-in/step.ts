import { isSentMethod, proofOptionsFor, type ProofMethod, type ProofOption } from "./methods";
import { loadPendingSignIn, MAX_PROOF_ATTEMPTS } from "./load";

export type ProofStep = {
  options: ProofOption[];
  /** The method whose code was sent last (email, phone), if any. */
  codeSentBy: ProofMethod | null;
  attemptsLeft: number;
  expiresAt: Date;
};

/** What /login/verify shows: the same for a right and a wrong password. */
export async function loadProofStep(cookieValue: string | undefined): Promise<ProofStep> {
  const row = await loadPendingSignIn(cookieValue);
  const options = await proofOptionsFor(row.userId);
  const sent = options.find((o) => isSentMethod(o.method) && o.method === row.codeChannel);
  return { options, codeSentBy: sent?.method ?? null, attemptsLeft: MAX_PROOF_ATTEMPTS - row.attempts, expiresAt: row.expiresAt };
}
