// The runtime for the files in actions/: discovery, loading, the sandbox, the event and api
// builders per trigger, the legacy Hooks adapter, and the post-change-password delivery job.
// Authors' types: ./types.ts (imported as `rekey/actions`).
export { TRIGGERS, TRIGGER_IDS, isTrigger, type Trigger } from "./triggers";
export {
  discoverActions,
  listActions,
  describeActionFile,
  triggerDir,
  type ActionFile,
  type ActionInfo,
  type ActionFileOptions,
  type DiscoverOptions,
} from "./discover";
export {
  executeAction,
  executeHook,
  inspectActionFile,
  warmUpSandbox,
  shutdownSandbox,
  sandboxStats,
  redactSecrets,
  type ExecuteActionInput,
  type ExecuteHookInput,
  type ExecutionResult,
  type ExecutionError,
  type ExecutionErrorKind,
  type PendingReport,
  type ApiCommand,
  type CacheCommand,
  type PostChallengeCommand,
  type ChallengeFactorSelector,
  postChallengeCommandSchema,
  isCacheCommand,
  CHALLENGE_FACTOR_TYPES,
  type CacheSnapshot,
} from "./sandbox";
export { loadCacheSnapshot, applyCacheCommands } from "./cache";
export { buildPostChangePasswordEvent, buildPostChangePasswordHookArgs, type PostChangePasswordFacts } from "./events/post-change-password";
export { buildPostChallengeEvent, type PostChallengeFacts } from "./events/password-reset-post-challenge";
export { samplePostChangePasswordEvent, samplePostChallengeEvent, samplePostChangePasswordHookArgs } from "./events/samples";
export { deliverPostChangePassword } from "./deliver-post-change-password";
export {
  samplePostLoginEvent,
  samplePreUserRegistrationEvent,
  samplePostUserRegistrationEvent,
  sampleSendPhoneMessageEvent,
  sampleCredentialsExchangeEvent,
} from "./events/samples";
export { runActionFile, type RunActionFileInput } from "./run-file";
export {
  runPostLogin,
  applyMetadataWrites,
  factorRequestMet,
  type PostLoginFactorRequest,
  emptyPostLoginChanges,
  type PostLoginChanges,
  type PostLoginOutcome,
  type PostLoginProgress,
  type RunPostLoginInput,
} from "./post-login";
export { buildPostLoginEvent, type PostLoginFacts } from "./events/post-login";
export { isProtectedClaim, MAX_CUSTOM_CLAIMS_BYTES } from "./protected-claims";
export { runPreUserRegistration, type PreUserRegistrationOutcome } from "./pre-user-registration";
export { type PreUserRegistrationFacts } from "./events/registration";
export { deliverPostUserRegistration } from "./deliver-post-user-registration";
export { actionsPhoneProvider, buildSendPhoneMessageEvent, type PhoneMessage, type PhoneMessageProvider } from "./send-phone-message";
export { runCredentialsExchange, buildCredentialsExchangeEvent, type CredentialsExchangeFacts, type CredentialsExchangeOutcome } from "./credentials-exchange";
export { testActionFile, TestActionUsageError, type TestActionInput, type TestActionOutcome } from "./test-action";
export type * from "./types";
export { secretsUsed, secretsOfFile, type SecretUse } from "./secrets-used";
export { CUSTOM_DATABASE_DIR } from "./custom-database-shim";
