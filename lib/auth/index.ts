export { authOptions, encodeSignInError } from "./options";
export { currentUser, requireUser, requireAdmin, type CurrentUser } from "./current-user";
