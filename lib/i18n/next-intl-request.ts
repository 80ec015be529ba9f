// next-intl's request configuration (next.config.js points its plugin here): every server
// component's getTranslations and every client component under NextIntlClientProvider use this.
import { getRequestConfig } from "next-intl/server";
import { messagesOf } from "./messages";
import { requestLocale } from "./request-locale";

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesOf(locale), timeZone: "UTC" };
});
