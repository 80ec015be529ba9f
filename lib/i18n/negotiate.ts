import { matchLocale, type Locale } from "./locales";

/** Where a request's language can come from, strongest first (see negotiateLocale). */
export type LocaleSources = {
  /** OIDC `ui_locales` of the application sign-in this page serves (space-separated, as sent). */
  uiLocales?: string | readonly string[] | null;
  /** The language the person chose with the switcher (its cookie). */
  chosen?: string | null;
  /** The signed-in user's `locale` (user_metadata.locale). */
  userLocale?: string | null;
  /** The browser's Accept-Language header. */
  acceptLanguage?: string | null;
  /** The tenant default (DEFAULT_LOCALE). */
  fallback: Locale;
};

/**
 * The one place that decides a request's language: the application's `ui_locales` first (it asked
 * for the sign-in in that language), then the person's own choice on the switcher, then the
 * signed-in user's `locale`, then the browser's languages, then the tenant default. Every source is
 * untrusted text: only a tag that names a supported language counts.
 */
export function negotiateLocale(sources: LocaleSources): Locale {
  const ui = typeof sources.uiLocales === "string" ? sources.uiLocales.split(/\s+/) : (sources.uiLocales ?? []);
  for (const tag of ui.slice(0, 10)) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return (
    matchLocale(sources.chosen) ??
    matchLocale(sources.userLocale) ??
    acceptedLanguages(sources.acceptLanguage).map(matchLocale).find(Boolean) ??
    sources.fallback
  );
}

/**
 * An Accept-Language header's tags, most wanted first (`q=0` means "not this one"). Only the first
 * 20 entries of a header of at most 1,000 characters are read: it is the client's text.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header || header.length > 1000) return [];
  const entries: { tag: string; q: number; order: number }[] = [];
  for (const [order, part] of header.split(",").slice(0, 20).entries()) {
    const [rawTag, ...params] = part.trim().split(";");
    const tag = rawTag?.trim() ?? "";
    if (!tag || tag === "*") continue;
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
      if (m) q = Number(m[1]);
    }
    if (q > 0 && q <= 1) entries.push({ tag, q, order });
  }
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((e) => e.tag);
}
