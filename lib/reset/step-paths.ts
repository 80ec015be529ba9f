/** Where the browser goes for each state a flow can wait in. */
export const STEP_PATHS = {
  awaiting_factor: "/reset/challenge",
  awaiting_redirect: "/reset/challenge",
  password_allowed: "/reset/password",
  denied: "/reset/error?code=RESET_DENIED",
} as const;

/** The error page of a reset that stopped; it shows the code's message (and a deny's reason). Unknown codes get a generic message there. */
export function resetErrorPath(code: string): string {
  return `/reset/error?code=${code}`;
}
