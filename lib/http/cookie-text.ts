/**
 * Text a person typed, carried in a cookie: the base64url of its UTF-8, so the value holds only
 * [A-Za-z0-9_-]. Next.js 16 decodes a Set-Cookie value twice when it re-reads the cookies an action
 * or a wrapped response set (parseSetCookie in @edge-runtime/cookies): a typed `%` then threw a
 * URIError, a 500 after the write had happened (an identifier ending in "%" on /reset).
 */
export function toCookieText(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** The text a toCookieText value holds; undefined for anything else (a hand-made or stale cookie). */
export function fromCookieText(value: string | undefined): string | undefined {
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const text = Buffer.from(value, "base64url").toString("utf8");
  return text.includes("\uFFFD") || toCookieText(text) !== value ? undefined : text;
}
