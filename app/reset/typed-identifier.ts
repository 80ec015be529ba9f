/** What was typed on /reset, for "Check your email" to repeat; scoped to /reset/sent. */
export const RESET_TYPED_COOKIE = "rekey_reset_typed";
