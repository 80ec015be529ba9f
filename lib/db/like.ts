/**
 * A user's text as a LIKE pattern that matches only itself: `%`, `_` and `\` escaped. Prisma's
 * `contains` and `startsWith` become `ILIKE '%…%'` without escaping (a search for `_` matched every
 * user), and its filters cannot add an ESCAPE clause; the backslash is PostgreSQL's default LIKE
 * escape character, the same on PGlite and PostgreSQL, so escaping with it is what `ESCAPE '\'`
 * would do.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

/** Case-insensitive "contains this text", wildcards in the text taken literally. */
export function containsText(value: string) {
  return { contains: escapeLike(value), mode: "insensitive" as const };
}

/** Case-insensitive "starts with this text", wildcards in the text taken literally. */
export function startsWithText(value: string) {
  return { startsWith: escapeLike(value), mode: "insensitive" as const };
}
