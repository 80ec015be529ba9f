// Lazy migration (Auth0's Custom Database in import mode): actions/custom-database/login.js and
// get_user.js run in the Actions sandbox when a sign-in or a reset finds no user.
export { migrateUserOnSignIn, migrateUserOnReset, type Identifier } from "./migrate-user";
export { runCustomDatabaseScript, scriptFile, type CustomDatabaseScript, type ScriptOutcome } from "./script";
export { customDatabaseProfileSchema, type CustomDatabaseProfile } from "./profile";
