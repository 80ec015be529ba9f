import { z } from "zod";

/**
 * What an Action asked for through `api`, recorded inside the sandbox and applied by the host
 * after the execution. Each in-sandbox api builder (worker/api/<apiKind>.cjs) emits its own
 * command types; add the new trigger's commands to this union when adding its builder.
 */
export type CacheSetCommand = { type: "cache.set"; key: string; value: string; /** epoch ms */ expires_at: number };
export type CacheDeleteCommand = { type: "cache.delete"; key: string };
export type CacheCommand = CacheSetCommand | CacheDeleteCommand;

/** Auth0's factor types as the post-challenge api records them (aliases already resolved). */
export const CHALLENGE_FACTOR_TYPES = ["otp", "email", "webauthn-platform", "webauthn-roaming", "recovery-code", "phone", "push-notification"] as const;

const factorSelector = z.object({ type: z.enum(CHALLENGE_FACTOR_TYPES), options: z.record(z.string(), z.unknown()).optional() });
const httpUrl = z.url({ protocol: /^https?$/ }).max(4096);

/**
 * The password-reset-post-challenge commands (worker/api/password-reset-post-challenge.cjs). The
 * host parses them again: they crossed a thread boundary from code that could have replaced the
 * api object's internals, and a malformed one must fail the reset rather than half-apply.
 */
export const postChallengeCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("access.deny"), reason: z.string().max(500) }),
  z.object({ type: z.literal("authentication.challengeWith"), factors: z.array(factorSelector).min(1).max(21) }),
  z.object({ type: z.literal("authentication.challengeWithAny"), factors: z.array(factorSelector).min(1).max(20) }),
  z.object({ type: z.literal("redirect.sendUserTo"), url: httpUrl }),
  z.object({ type: z.literal("transaction.setResultUrl"), url: httpUrl }),
  z.object({ type: z.literal("cache.set"), key: z.string(), value: z.string(), expires_at: z.number() }),
  z.object({ type: z.literal("cache.delete"), key: z.string() }),
]);
export type PostChallengeCommand = z.infer<typeof postChallengeCommandSchema>;
export type ChallengeFactorSelector = z.infer<typeof factorSelector>;

const cacheCommands = [
  z.object({ type: z.literal("cache.set"), key: z.string(), value: z.string(), expires_at: z.number() }),
  z.object({ type: z.literal("cache.delete"), key: z.string() }),
] as const;
const claimName = z.string().min(1).max(256);
const reason = z.string().max(500);
const metadataCommands = [
  z.object({ type: z.literal("user.setAppMetadata"), name: z.string().min(1), value: z.unknown().optional() }),
  z.object({ type: z.literal("user.setUserMetadata"), name: z.string().min(1), value: z.unknown().optional() }),
] as const;

/** The post-login commands (worker/api/post-login.cjs), parsed again by the host. */
export const postLoginCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("access.deny"), reason }),
  z.object({ type: z.literal("idToken.setCustomClaim"), name: claimName, value: z.unknown() }),
  z.object({ type: z.literal("accessToken.setCustomClaim"), name: claimName, value: z.unknown() }),
  z.object({ type: z.literal("accessToken.addScope"), scope: z.string().min(1) }),
  z.object({ type: z.literal("accessToken.removeScope"), scope: z.string().min(1) }),
  z.object({ type: z.literal("multifactor.enable"), provider: z.string(), allowRememberBrowser: z.boolean() }),
  z.object({ type: z.literal("authentication.challengeWith"), factors: z.array(factorSelector).min(1).max(21) }),
  z.object({ type: z.literal("authentication.challengeWithAny"), factors: z.array(factorSelector).min(1).max(20) }),
  z.object({ type: z.literal("authentication.enrollWith"), factors: z.array(factorSelector).min(1).max(21) }),
  z.object({ type: z.literal("authentication.enrollWithAny"), factors: z.array(factorSelector).min(1).max(20) }),
  z.object({ type: z.literal("authentication.recordMethod"), url: z.string().max(2048) }),
  z.object({ type: z.literal("redirect.sendUserTo"), url: httpUrl }),
  ...metadataCommands,
  z.object({ type: z.literal("session.revoke"), reason }),
  z.object({ type: z.literal("refreshToken.revoke"), reason }),
  ...cacheCommands,
]);
export type PostLoginCommand = z.infer<typeof postLoginCommandSchema>;

/** The pre-user-registration commands (worker/api/pre-user-registration.cjs). */
export const preUserRegistrationCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("access.deny"), reason, userMessage: reason }),
  z.object({ type: z.literal("validation.error"), errorCode: reason, userMessage: reason }),
  ...metadataCommands,
  ...cacheCommands,
]);
export type PreUserRegistrationCommand = z.infer<typeof preUserRegistrationCommandSchema>;

/** The credentials-exchange commands (worker/api/credentials-exchange.cjs). */
export const credentialsExchangeCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("access.deny"), code: z.enum(["invalid_scope", "invalid_request", "server_error"]), reason }),
  z.object({ type: z.literal("accessToken.setCustomClaim"), name: claimName, value: z.unknown() }),
  ...cacheCommands,
]);
export type CredentialsExchangeCommand = z.infer<typeof credentialsExchangeCommandSchema>;

export type ApiCommand = CacheCommand | PostChallengeCommand | PostLoginCommand | PreUserRegistrationCommand | CredentialsExchangeCommand;

/** The trigger's live api.cache entries handed to an execution (Auth0's get() is synchronous). */
export type CacheSnapshot = Record<string, { value: string; /** epoch ms */ expires_at: number }>;

export function isCacheCommand(command: { type: string }): command is CacheCommand {
  return command.type === "cache.set" || command.type === "cache.delete";
}
