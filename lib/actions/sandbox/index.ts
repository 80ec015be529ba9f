// The Actions sandbox: warm worker_threads workers that run one Action or Hook execution at a time
// with a wall-clock timeout, a heap limit and captured, secret-redacted console output.
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
} from "./execute";
export { warmUpSandbox, shutdownSandbox, sandboxStats, workerEntryPath, projectRoot, LOG_LIMIT_BYTES } from "./pool";
export { redactSecrets } from "./redact";
export {
  isCacheCommand,
  postChallengeCommandSchema,
  CHALLENGE_FACTOR_TYPES,
  type ApiCommand,
  type CacheCommand,
  type CacheSetCommand,
  type CacheDeleteCommand,
  type CacheSnapshot,
  type PostChallengeCommand,
  type ChallengeFactorSelector,
} from "./commands";
