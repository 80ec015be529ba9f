import { z } from "zod";
import { FACTOR_TYPES, type FactorType } from "@/lib/factors";

/** Auth0's factor types (spec §1.3 FactorSelector), defined by lib/factors. */
export { FACTOR_TYPES, type FactorType };

/**
 * What the post-challenge pipeline has done in a flow, kept in `reset_flows.progress` (JSON) from
 * the first challenge on, so any instance can continue it:
 * - `done`: Action files that finished (they are never run again in this flow);
 * - `passed`: factors passed in this transaction (`event.authentication.methods` gets an `mfa`
 *   entry for each; a factor passed once is ignored by later challenges);
 * - `resultUrl`: set by `api.transaction.setResultUrl`.
 * The data of one state only (the pending challenge, the pending redirect, why it was denied) sits
 * beside these keys in the same JSON and is read by lib/reset/flow.ts for that state alone.
 */
export const progressSchema = z.object({
  done: z.array(z.string()).default([]),
  passed: z.array(z.object({ type: z.enum(FACTOR_TYPES), at: z.string() })).default([]),
  resultUrl: z.string().optional(),
});

export type PostChallengeProgress = z.infer<typeof progressSchema>;

/** The pending factor challenge of `awaiting_factor`: the types the user may use, the first the default. */
export const factorChallengeSchema = z.object({
  mode: z.enum(["challengeWith", "challengeWithAny"]),
  factors: z.array(z.enum(FACTOR_TYPES)).min(1),
  /** The Action that asked, or "rekey" for the built-in secure default. */
  action: z.string(),
});

export type FactorChallenge = z.infer<typeof factorChallengeSchema>;

/**
 * The pending redirect of `awaiting_redirect`: which Action resumes, the hash of the single-use
 * `state`, its expiry, and the site's URL as the Action gave it (without the state), so a page
 * can send the user back there with a fresh state. Flows suspended before `url` was kept have none.
 */
export const pendingRedirectSchema = z.object({ action: z.string(), stateHash: z.string(), expiresAt: z.string(), url: z.string().optional() });

export type PendingRedirect = z.infer<typeof pendingRedirectSchema>;

/** Why a flow was denied, as the code its browser is sent to: an Action's deny, a failure (fail closed), no usable factor. */
export const DENIALS = ["RESET_DENIED", "RESET_FAILED", "RESET_NO_FACTOR"] as const;

export type Denial = (typeof DENIALS)[number];
