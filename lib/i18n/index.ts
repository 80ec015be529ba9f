export { LOCALES, LOCALE_NAMES, dirOf, isLocale, matchLocale, type Locale } from "./locales";
export { acceptedLanguages, negotiateLocale, type LocaleSources } from "./negotiate";
export { lookup, messagesOf, translator, type Messages, type Translate } from "./messages";
export { LOCALE_COOKIE, LOCALE_COOKIE_SECONDS, LOCALE_HEADERS, interactionOfUrl, speaksOnlyEnglish } from "./cookie";
export { chooseLocale, chooseLocaleSchema } from "./choose";
export { messageLocaleFor, userLocaleOf } from "./email-locale";
