const SECRET_KEY = /pass(word)?|secret|token|ticket|^code$|otp|authorization|cookie|hash|credential|private/i;
const MAX_STRING = 4000;
const MAX_DEPTH = 6;

/**
 * A caller's text made storable: PostgreSQL refuses NUL in text and in jsonb, and a log row must
 * never fail because a client put one in its request (the row would be lost, the answer a 500).
 */
export function storableText(value: string): string {
  return value.replace(/\u0000/g, "\ufffd");
}

/**
 * Copies log details with every secret-looking field replaced. Logs are read by admins and shipped
 * to other systems, so a password, a ticket or a code must never reach them, whatever a caller
 * passes by mistake. Text is made storable on the way.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[truncated]";
  if (typeof value === "string") return storableText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[truncated]` : value);
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactDetails(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        storableText(k),
        SECRET_KEY.test(k) && v !== null && typeof v !== "boolean" && typeof v !== "number" ? "[redacted]" : redactDetails(v, depth + 1),
      ]),
    );
  }
  return value;
}
