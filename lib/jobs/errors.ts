/**
 * Thrown by a handler when retrying cannot help (a payload that fails validation, a recipient that
 * does not exist): the job goes to `dead` at once instead of burning its remaining attempts.
 */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}

/** Largest error message kept in `job_attempts.error` and `jobs.last_error`. */
export const MAX_ERROR_BYTES = 2048;

/**
 * The text recorded for a failed attempt. Only the message is kept, never the stack or the thrown
 * object itself: a stack or an object could carry request data or secrets into the admin console.
 */
export function describeError(error: unknown): string {
  const message =
    error instanceof Error
      ? withoutPrismaPreamble(error) || error.name
      : typeof error === "string"
        ? error
        : `A non-Error value was thrown (${error === null ? "null" : typeof error}).`;
  return truncateUtf8(message, MAX_ERROR_BYTES);
}

/**
 * Prisma's client errors start with "Invalid `db.x.y()` invocation in <file>:<line>" and a code
 * frame of our source; only their last line says what went wrong (and the P-code identifies it).
 */
function withoutPrismaPreamble(error: Error): string {
  const lines = error.message.split("\n").map((l) => l.trim()).filter(Boolean);
  if (!/^Invalid `.+` invocation/.test(lines[0] ?? "")) return error.message;
  const code = (error as { code?: unknown }).code;
  const last = lines.at(-1) ?? "";
  return typeof code === "string" && /^P\d{4}$/.test(code) ? `${code}: ${last}` : last;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  const marker = "…";
  let end = maxBytes - Buffer.byteLength(marker);
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8") + marker;
}
