// Sessions: one row per signed-in browser, named by the id inside its token. Started by a
// sign-in (lib/users), checked on every read of the session and ended by sign-out (lib/auth).
export { SESSION_LIFETIME_SECONDS } from "./lifetime";
export { newSession, startSessionSql, type NewSession } from "./start";
export { isSessionLive, liveSessionUser, type SessionClaims } from "./check";
export { endSession } from "./end";
