"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { speaksOnlyEnglish } from "@/lib/i18n/cookie";

/**
 * The language of the public pages: a plain form posted to /locale, which sets the cookie and
 * sends the browser back here (same path and query, so a reset or a sign-in keeps its place).
 * Works without JavaScript; on a page that speaks only English it is not shown.
 */
export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useTranslations("switcher");
  const pathname = usePathname();
  const search = useSearchParams();
  if (speaksOnlyEnglish(pathname)) return null;
  const query = search.toString();
  return (
    <form method="post" action="/locale" className="language-switcher">
      <input type="hidden" name="return" value={query ? `${pathname}?${query}` : pathname} />
      <label htmlFor="language-switcher">{t("label")}</label>
      <select id="language-switcher" name="locale" defaultValue={locale} className="input input--sm">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary button--sm">
        {t("submit")}
      </button>
    </form>
  );
}
