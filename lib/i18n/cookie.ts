/** The language chosen with the switcher: a name from LOCALES, nothing else is read from it. */
export const LOCALE_COOKIE = "rekey_locale";
/** A year: a language is a lasting preference, and the cookie holds nothing about the person. */
export const LOCALE_COOKIE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Request headers proxy.ts sets (over whatever the client sent) so the page's language can be
 * decided in the root layout, which sees neither the path nor the query.
 */
export const LOCALE_HEADERS = { path: "x-rekey-path", interaction: "x-rekey-interaction" } as const;

// Pages that speak English only: the admin console and the dev mailbox (and the APIs). Their
// <html lang> says so. Every public page and the account pages are translated.
const ENGLISH_ONLY = ["/admin", "/dev", "/api"];

export function speaksOnlyEnglish(pathname: string): boolean {
  return ENGLISH_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** The sign-in this URL serves, from `callbackUrl=/interaction/<uid>`, `interaction=<uid>` or the consent page's own path. */
export function interactionOfUrl(url: URL): string | undefined {
  const consent = /^\/interaction\/([A-Za-z0-9_-]{1,64})\/consent$/.exec(url.pathname)?.[1];
  if (consent) return consent;
  const direct = url.searchParams.get("interaction");
  if (direct && /^[A-Za-z0-9_-]{1,64}$/.test(direct)) return direct;
  const callback = url.searchParams.get("callbackUrl");
  return callback ? /^\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(callback)?.[1] : undefined;
}
