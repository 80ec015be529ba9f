export { authOptions, encodeSignInError, type AuthOptionsHooks } from "./options";
export { currentUser, requireUser, requireAdmin, type CurrentUser } from "./current-user";
export { recordSignOut, endTokenSession, SESSION_COOKIES } from "./sign-out";
export { sessionCookie, sessionCookieName, decodeSessionToken } from "./session-token";
export { isParsableCallbackUrl, refuseUnparsableCallbackUrl } from "./callback-url";
export { refuseUnsupportedAuthRequest } from "./next-auth-guard";
export { safeReturnPath } from "./return-path";
export { sessionFromCookieHeader, parseCookieHeader, type RequestSession } from "./request-session";
