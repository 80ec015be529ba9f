/**
 * What an Action asked for through `api`, recorded inside the sandbox and applied by the host
 * after the execution. Each in-sandbox api builder (worker/api/<apiKind>.cjs) emits its own
 * command types; add the new trigger's commands to this union when adding its builder.
 */
export type CacheSetCommand = { type: "cache.set"; key: string; value: string; /** epoch ms */ expires_at: number };
export type CacheDeleteCommand = { type: "cache.delete"; key: string };
export type CacheCommand = CacheSetCommand | CacheDeleteCommand;

export type ApiCommand = CacheCommand;

/** The trigger's live api.cache entries handed to an execution (Auth0's get() is synchronous). */
export type CacheSnapshot = Record<string, { value: string; /** epoch ms */ expires_at: number }>;

export function isCacheCommand(command: { type: string }): command is CacheCommand {
  return command.type === "cache.set" || command.type === "cache.delete";
}
