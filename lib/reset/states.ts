/** Persisted states of a reset flow (`reset_flows.state`). The diagram is states.mmd beside this file. */
export const RESET_STATES = [
  "link_sent",
  "link_verified",
  "awaiting_factor",
  "awaiting_redirect",
  "password_allowed",
  "completed",
  "expired",
  "denied",
] as const;

export type ResetState = (typeof RESET_STATES)[number];

/**
 * Every allowed move. `transitionFlow` refuses anything else, and a test keeps states.mmd equal
 * to this table.
 */
export const RESET_TRANSITIONS: Record<ResetState, readonly ResetState[]> = {
  // The first challenge: the email link (POST) or the code typed into the requesting tab.
  link_sent: ["link_verified", "expired"],
  // Post-challenge Actions run from here.
  link_verified: ["awaiting_factor", "awaiting_redirect", "password_allowed", "denied", "expired"],
  awaiting_factor: ["link_verified", "expired", "denied"],
  awaiting_redirect: ["link_verified", "expired", "denied"],
  password_allowed: ["completed", "expired"],
  completed: [],
  expired: [],
  denied: [],
};

export const TERMINAL_STATES: readonly ResetState[] = ["completed", "expired", "denied"];

/** States in which a flow still holds a usable secret (a ticket, a code, a binding). */
export const ACTIVE_STATES: ResetState[] = RESET_STATES.filter((s) => !TERMINAL_STATES.includes(s));

export function canTransition(from: ResetState, to: ResetState): boolean {
  return RESET_TRANSITIONS[from].includes(to);
}

export function isResetState(value: string): value is ResetState {
  return (RESET_STATES as readonly string[]).includes(value);
}
