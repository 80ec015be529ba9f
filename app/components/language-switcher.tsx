import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { LOCALE_HEADERS, speaksOnlyEnglish } from "@/lib/i18n/cookie";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";

/**
 * The language of the public pages: a plain form posted to /locale, which sets the cookie and
 * sends the browser back here (same path and query, so a reset or a sign-in keeps its place; both
 * from the request headers proxy.ts sets). Rendered on the server: it needs no JavaScript and
 * ships none. On a page that speaks only English it is not shown.
 */
export async function LanguageSwitcher() {
  const h = await headers();
  const pathname = h.get(LOCALE_HEADERS.path) ?? "/";
  if (speaksOnlyEnglish(pathname)) return null;
  const locale = await requestLocale();
  const t = await getTranslations("switcher");
  return (
    <form method="post" action="/locale" className="language-switcher">
      <input type="hidden" name="return" value={`${pathname}${h.get(LOCALE_HEADERS.search) ?? ""}`} />
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
