import { z } from "zod";
import { FACTOR_TYPES, type FactorType } from "@/lib/factors";

/** Auth0's factor types (spec §1.3 FactorSelector), defined by lib/factors. */
export { FACTOR_TYPES, type FactorType };

/**
 * A reset flow's post-challenge progress, kept in `reset_flows.progress` (JSON). It is the whole
 * state of the suspended pipeline, so any instance can continue it:
 * - `done`: Action files that finished (they are never run again in this flow);
 * - `passed`: factors passed in this transaction (`event.authentication.methods` gets an `mfa`
 *   entry for each; a factor passed once is ignored by later challenges);
 * - `challenge`: the pending factor challenge (state `awaiting_factor`): the factor types the user
 *   may use, the first being the default, and whether a picker is shown first;
 * - `redirect`: the pending redirect (state `awaiting_redirect`): which Action resumes, the hash of
 *   the single-use `state`, and its expiry;
 * - `resultUrl`: set by `api.transaction.setResultUrl`.
 */
export const progressSchema = z.object({
  done: z.array(z.string()).default([]),
  passed: z.array(z.object({ type: z.enum(FACTOR_TYPES), at: z.string() })).default([]),
  challenge: z
    .object({
      mode: z.enum(["challengeWith", "challengeWithAny"]),
      factors: z.array(z.enum(FACTOR_TYPES)).min(1),
      /** The Action that asked, or "rekey" for the built-in secure default. */
      action: z.string(),
    })
    .optional(),
  redirect: z.object({ action: z.string(), stateHash: z.string(), expiresAt: z.string() }).optional(),
  resultUrl: z.string().optional(),
});

export type PostChallengeProgress = z.infer<typeof progressSchema>;

export function readProgress(value: unknown): PostChallengeProgress {
  const parsed = progressSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : { done: [], passed: [] };
}
