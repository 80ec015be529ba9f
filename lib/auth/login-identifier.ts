import { config } from "@/lib/config";

/**
 * Carries what was typed as the identifier from a refused sign-in (posted without JavaScript) back
 * to the sign-in form, so it is not typed again. Never the password. A cookie, not the URL: an
 * address would end up in the history and in access logs.
 */
export const LOGIN_IDENTIFIER_COOKIE = "rekey_login_identifier";

/** @default one minute, on /login only: enough for the redirect back, gone before the next visitor. */
export function loginIdentifierCookieOptions() {
  return { path: "/login", maxAge: 60, httpOnly: true, sameSite: "lax" as const, secure: config().PUBLIC_URL.startsWith("https://") };
}
