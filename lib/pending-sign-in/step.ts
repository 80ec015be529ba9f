import type { SupportedFactorType } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { isSentMethod, optionsOf, type ProofOption } from "./methods";
import { loadPendingSignIn, MAX_PROOF_ATTEMPTS } from "./load";
import type { PendingSignInReason } from "./start";

export type ProofStep = {
  /** Why this proof is asked: the page's words differ, its forms do not. */
  reason: PendingSignInReason;
  options: ProofOption[];
  /** The method whose code was sent last (email, phone), if any. */
  codeSentBy: SupportedFactorType | null;
  attemptsLeft: number;
  expiresAt: Date;
};

/** What /login/verify shows. At the account limit it is the same for a right and a wrong password. */
export async function loadProofStep(cookieValue: string | undefined, ctx: RequestContext): Promise<ProofStep> {
  const row = await loadPendingSignIn(cookieValue);
  const options = await optionsOf(row, ctx);
  const sent =
    row.reason === "second_factor"
      ? options.find((o) => o.codeSent)
      : options.find((o) => isSentMethod(o.method) && o.method === row.codeChannel);
  return {
    reason: row.reason as PendingSignInReason,
    options,
    codeSentBy: sent?.method ?? null,
    attemptsLeft: MAX_PROOF_ATTEMPTS - row.attempts,
    expiresAt: row.expiresAt,
  };
}
