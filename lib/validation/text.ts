import { z } from "zod";

/**
 * C0 controls (NUL included), DEL and the C1 block. PostgreSQL refuses NUL in text outright (a
 * 500 path), and the others have no business in a name, an identifier or a search: one rule for
 * every text field, so no form or endpoint forgets it.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab, line feed and carriage return are allowed (multi-line fields). */
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS).test(value);
}

/**
 * A text field: a string of at most `max` characters without control characters. Callers add
 * their own `.trim()`, `.min()` or pattern; the refusal message is the field's own.
 */
export function text(options: { max: number; multiline?: boolean; message?: string }) {
  return z
    .string()
    .max(options.max, `At most ${options.max} characters.`)
    .refine((v) => !hasControlCharacters(v, options), options.message ?? "This contains characters that are not allowed.");
}

/** @default 32: deeper than any real metadata; a 20,000-deep object would overflow the stack later. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests (a scalar is 0), stopping as soon as `limit` is passed. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  // Iterative on purpose: a recursive walk is exactly what a deep value overflows.
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}

/** A JSON object (metadata) no deeper than MAX_JSON_DEPTH and with no NUL in its keys or strings. */
export const boundedJsonObject = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    ctx.addIssue({ code: "custom", message: `Objects can nest at most ${MAX_JSON_DEPTH} levels deep.` });
    return; // nothing else may walk a value this deep
  }
  if (JSON.stringify(value).includes("\\u0000")) ctx.addIssue({ code: "custom", message: "Text cannot contain NUL characters." });
});
