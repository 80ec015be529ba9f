// The server's entry to lib/passwords. Client components import "@/lib/passwords/policy" instead:
// this file pulls in argon2 and the configuration, which cannot run in a browser.

export {
  checkPassword,
  effectiveMinLength,
  measurePassword,
  personalInfoIn,
  personalInfoParts,
  utf8ByteLength,
  DEFAULT_PASSWORD_POLICY,
  LEVEL_RULES,
  MAX_PASSWORD_BYTES,
  MAX_PASSWORD_HISTORY,
  MAX_PASSWORD_LENGTH,
  PASSWORD_POLICY_LEVELS,
} from "./policy";
export type {
  CharType,
  CheckPasswordOptions,
  PasswordCheck,
  PasswordPolicyLevel,
  PasswordPolicySettings,
  PersonalInfo,
  Rule,
  RuleCode,
} from "./policy";
export { passwordPolicySettingsSchema } from "./settings";
export {
  auth0PolicyRules,
  auth0PolicyText,
  authenticationApiPasswordError,
  failureOf,
  managementApiPasswordError,
} from "./auth0-errors";
export type {
  Auth0AuthenticationApiPasswordError,
  Auth0ManagementApiError,
  Auth0PolicyRule,
  PasswordFailure,
} from "./auth0-errors";
export { currentArgon2Params, dummyHash, dummyVerify, hashPassword, needsRehash } from "./hash";
export { verifyPassword, verifyStoredPassword } from "./stored";
export type { StoredPasswordCheck } from "./stored";
export { customPasswordHashSchema, isBcrypt, isForeignHash, MalformedHashError, storedFormOfCustomHash } from "./foreign";
export type { CustomPasswordHash } from "./foreign";
export type { Argon2Params } from "./hash";
export { COMMON_PASSWORDS_COUNT, isCommonPassword, loadCommonPasswords } from "./dictionary";
export type { CommonPasswords } from "./dictionary";
export { isInHistory } from "./history";
export type { HistoryCheckOptions } from "./history";
export { enforcePasswordPolicy } from "./enforce";
export type { PasswordPolicyOutcome } from "./enforce";
