// One implementation for the sandbox and the host (the worker must be plain CommonJS).
import { redact, redactionPairs, MIN_SECRET_LENGTH } from "./worker/redact.cjs";

export { MIN_SECRET_LENGTH };

/** Replaces every secret value (raw, JSON-escaped, URL-encoded; ≥ 4 characters) by `[secret:NAME]`. */
export function redactSecrets(text: string, secrets: Record<string, string> | undefined): string {
  if (!secrets) return text;
  return redact(text, redactionPairs(secrets)) as string;
}
