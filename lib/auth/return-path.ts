const PROBE_ORIGIN = "http://rekey.invalid";

/**
 * A return address on this site, or `fallback`. The check is the browser's own URL parser: a
 * string test alone misses what browsers rewrite, such as `/\t/evil.example` (tabs and newlines
 * are dropped, so it becomes `//evil.example`) or `/\evil.example` (a backslash reads as a slash).
 * The answer is the parsed, normalised path, so what we check is what the browser follows.
 * @default fallback "/account"
 */
export function safeReturnPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 512) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/..//evil.example` normalises to the path `//evil.example`, protocol-relative once it is a Location.
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
