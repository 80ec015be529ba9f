export { authOptions, encodeSignInError } from "./options";
export { currentUser, requireUser, requireAdmin, type CurrentUser } from "./current-user";
export { recordSignOut, SESSION_COOKIES } from "./sign-out";
export { isParsableCallbackUrl, refuseUnparsableCallbackUrl } from "./callback-url";
export { refuseUnsupportedAuthRequest } from "./next-auth-guard";
export { safeReturnPath, landingPathFor, SIGNED_IN_LANDING } from "./return-path";
