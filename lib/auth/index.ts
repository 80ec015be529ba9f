export { authOptions, encodeSignInError } from "./options";
export { currentUser, requireUser, requireAdmin, type CurrentUser } from "./current-user";
export { recordSignOut, SESSION_COOKIES } from "./sign-out";
export { isParsableCallbackUrl, refuseUnparsableCallbackUrl } from "./callback-url";
export { refuseUnsupportedAuthRequest } from "./next-auth-guard";
export { safeReturnPath } from "./return-path";
export { signInWithForm, type FormSignInResult, type IssuedCookie } from "./form-sign-in";
export { LOGIN_IDENTIFIER_COOKIE, loginIdentifierCookieOptions } from "./login-identifier";
