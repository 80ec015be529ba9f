import type http from "node:http";
import { parseCookieHeader } from "@/lib/auth";
import { config } from "@/lib/config";
import { LOCALE_COOKIE, negotiateLocale, translator, type Locale, type Messages, type Translate } from "@/lib/i18n";

/** A message of the provider's own pages (messages/<locale>.json, namespace "provider"). */
export type ProviderText = keyof Messages["provider"];

/** The language of one of the provider's own pages, and its translator. */
export type PageLanguage = { locale: Locale; t: Translate };

/**
 * The provider's pages run in the custom server, outside Next (no next/headers): the same
 * negotiation as requestLocale over the raw request: the sign-in's `ui_locales` where the provider
 * has it, the switcher's cookie, Accept-Language, DEFAULT_LOCALE. (The signed-in user's own locale
 * is not read here: it would cost a session lookup on an error page.)
 */
export function pageLanguage(headers: http.IncomingHttpHeaders, uiLocales?: unknown): PageLanguage {
  const acceptLanguage = headers["accept-language"];
  const locale = negotiateLocale({
    uiLocales: typeof uiLocales === "string" ? uiLocales : null,
    chosen: parseCookieHeader(headers.cookie).get(LOCALE_COOKIE),
    acceptLanguage: typeof acceptLanguage === "string" ? acceptLanguage : null,
    fallback: config().DEFAULT_LOCALE,
  });
  return { locale, t: translator(locale) };
}
