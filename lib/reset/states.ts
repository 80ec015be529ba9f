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
 * Where a flow's link came from (`reset_flows.source`): the /reset form in a browser tab (`email`,
 * the only source whose mail carries a code), the API's change_password (`api`), the admin console
 * (`admin`), a password-change ticket (`ticket`). A CHECK constraint holds the same list.
 */
export const RESET_SOURCES = ["email", "api", "admin", "ticket"] as const;

export type ResetSource = (typeof RESET_SOURCES)[number];

/**
 * Every allowed move. `transitionFlow` refuses anything else, and a test keeps states.mmd equal
 * to this table.
 */
export const RESET_TRANSITIONS: Record<ResetState, readonly ResetState[]> = {
  // The first challenge: the email link (POST) or the code typed into the requesting tab.
  link_sent: ["link_verified", "expired"],
  // Post-challenge Actions run from here.
  link_verified: ["awaiting_factor", "awaiting_redirect", "password_allowed", "denied", "expired"],
  // A passed factor and a spent /continue state go back to link_verified first, and only the
  // pipeline run from there denies: so neither waiting state is ever denied directly.
  awaiting_factor: ["link_verified", "expired"],
  // The same redirect with a fresh state: the user went back to the site from one of our pages.
  awaiting_redirect: ["link_verified", "awaiting_redirect", "expired"],
  password_allowed: ["completed", "expired"],
  completed: [],
  expired: [],
  denied: [],
};

export const TERMINAL_STATES: readonly ResetState[] = ["completed", "expired", "denied"];

/** States in which a flow still holds a usable secret (a ticket, a code, a binding). */
export const ACTIVE_STATES: ResetState[] = RESET_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/**
 * Why a flow ended before completing (`reset_flows.failure_reason` of an `expired` flow), and the
 * code a browser holding it is refused with. The account events end every open flow of the user in
 * their own transaction (lib/users calls endUserResets), so a link mailed earlier never outlives a
 * new password, a new address or a block.
 */
export const END_REASONS = {
  lifetime: "RESET_LINK_EXPIRED",
  superseded: "RESET_LINK_SUPERSEDED",
  password_changed: "RESET_LINK_REVOKED",
  email_changed: "RESET_LINK_REVOKED",
  user_deleted: "RESET_LINK_REVOKED",
  blocked: "RESET_USER_BLOCKED",
} as const;

export type EndReason = keyof typeof END_REASONS;

/** The events of an account that end its resets. */
export type AccountEndReason = Extract<EndReason, "password_changed" | "email_changed" | "user_deleted" | "blocked">;

/** The refusal for an expired flow. */
export function endReasonCode(reason: EndReason): (typeof END_REASONS)[EndReason] {
  return END_REASONS[reason];
}

export function canTransition(from: ResetState, to: ResetState): boolean {
  return RESET_TRANSITIONS[from].includes(to);
}

export function isResetState(value: string): value is ResetState {
  return (RESET_STATES as readonly string[]).includes(value);
}
