const PROBE_ORIGIN = "http://rekey.invalid";

/** Where a sign-in without a return address lands: app/signed-in sends it on by role (landingPathFor). */
export const SIGNED_IN_LANDING = "/signed-in";

/** An admin's home is the console; everyone else's is their account. */
export function landingPathFor(user: { role: string }): string {
  return user.role === "admin" ? "/admin" : "/account";
}

/**
 * A return address on this site, or `fallback`. The check is the browser's own URL parser: a
 * string test alone misses what browsers rewrite, such as `/\t/evil.example` (tabs and newlines
 * are dropped, so it becomes `//evil.example`) or `/\evil.example` (a backslash reads as a slash).
 * The answer is the parsed, normalised path, so what we check is what the browser follows.
 * @default fallback SIGNED_IN_LANDING: the page that sends each person where they belong
 */
export function safeReturnPath(value: unknown, fallback = SIGNED_IN_LANDING): string {
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
