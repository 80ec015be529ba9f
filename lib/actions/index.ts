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
export {
  deliverPostChangePassword,
  postChangePasswordPayload,
  POST_CHANGE_PASSWORD_JOB,
  type PostChangePasswordPayload,
} from "./deliver-post-change-password";
export { testActionFile, TestActionUsageError, type TestActionInput, type TestActionOutcome } from "./test-action";
export type * from "./types";
export { secretsUsed, secretsOfFile, type SecretUse } from "./secrets-used";
export { CUSTOM_DATABASE_DIR } from "./custom-database-shim";
