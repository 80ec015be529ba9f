// The Actions sandbox: one warm child process per Action file, under Node's permission model, that
// runs that file's executions one at a time with a wall-clock timeout, a memory limit that covers
// Buffers, and captured, secret-redacted console output.
export {
  executeAction,
  executeHook,
  inspectActionFile,
  type ExecuteActionInput,
  type ExecuteHookInput,
  type ExecutionResult,
  type ExecutionError,
  type ExecutionErrorKind,
  type InspectResult,
  type PendingReport,
} from "./execute";
export { warmUpSandbox, shutdownSandbox, sandboxStats } from "./pool";
export { workerEntryPath, projectRoot, permissionFlags, allowedReadRoots, LOG_LIMIT_BYTES } from "./spawn";
export { redactSecrets } from "./redact";
export {
  isCacheCommand,
  postChallengeCommandSchema,
  postLoginCommandSchema,
  preUserRegistrationCommandSchema,
  credentialsExchangeCommandSchema,
  type PostLoginCommand,
  type PreUserRegistrationCommand,
  type CredentialsExchangeCommand,
  CHALLENGE_FACTOR_TYPES,
  type ApiCommand,
  type CacheCommand,
  type CacheSetCommand,
  type CacheDeleteCommand,
  type CacheSnapshot,
  type PostChallengeCommand,
  type ChallengeFactorSelector,
} from "./commands";
