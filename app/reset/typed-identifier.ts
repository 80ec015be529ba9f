/** What was typed on /reset, for "Check your email" to repeat; on /reset's pages only. */
export const RESET_TYPED_COOKIE = "rekey_reset_typed";

/** A day: past the code's own life, so an expired code can still offer "send a new one" to it. */
export const RESET_TYPED_SECONDS = 24 * 60 * 60;
