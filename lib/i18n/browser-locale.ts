// Browser-safe and dependency-free: app/global-error.tsx decides its language with it, without the server.
import { LOCALE_COOKIE } from "./cookie";
import { isLocale, matchLocale, type Locale } from "./locales";

/**
 * The visitor's language as the browser alone can tell it: the switcher's cookie, else the first of
 * the browser's languages that Rekey speaks, else English (the tenant's default is the server's to know).
 */
export function browserLocale(cookieHeader: string, languages: readonly string[]): Locale {
  const chosen = cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  if (isLocale(chosen)) return chosen;
  for (const language of languages.slice(0, 20)) {
    const match = matchLocale(language);
    if (match) return match;
  }
  return "en";
}
