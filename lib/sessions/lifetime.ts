/**
 * @default 8 hours: a session ends this long after its sign-in, however active it is (Auth0's
 * "absolute expiration"). Re-issued tokens keep the first expiry; only a new sign-in starts a new one.
 */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;
