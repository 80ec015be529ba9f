const SECRET_KEY = /pass(word)?|secret|token|ticket|^code$|otp|authorization|cookie|hash|credential|private/i;
const MAX_STRING = 4000;
const MAX_DEPTH = 6;

/**
 * Copies log details with every secret-looking field replaced. Logs are read by admins and shipped
 * to other systems, so a password, a ticket or a code must never reach them, whatever a caller
 * passes by mistake.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[truncated]";
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[truncated]` : value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactDetails(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && typeof v !== "boolean" && typeof v !== "number" ? "[redacted]" : redactDetails(v, depth + 1),
      ]),
    );
  }
  return value;
}
