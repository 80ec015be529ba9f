// Browser-safe and dependency-free: lib/config, the worker and client components all read it.

/** The languages Rekey's public pages and emails speak; English is the source of every message. */
export const LOCALES = ["en", "de", "fr", "es", "pt-BR", "it", "nl", "pl", "ja", "zh-CN", "ar", "he"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  "pt-BR": "Português (Brasil)",
  it: "Italiano",
  nl: "Nederlands",
  pl: "Polski",
  ja: "日本語",
  "zh-CN": "简体中文",
  ar: "العربية",
  he: "עברית",
};

const RTL = new Set<Locale>(["ar", "he"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function dirOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

// A BCP 47 tag as browsers and OIDC clients send it; anything else is not a language.
const TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,6}$/i;
// Primary language → our locale, where the tag's region or script does not decide.
const BY_LANGUAGE: Record<string, Locale> = { pt: "pt-BR", zh: "zh-CN", iw: "he" };
// Chinese written in traditional characters is not Simplified Chinese: no match, the next choice wins.
const TRADITIONAL_CHINESE = /^zh-(?:hant|tw|hk|mo)(?:-|$)/i;

/**
 * The supported locale a language tag asks for, or undefined: `de-AT` → `de`, `pt` and `pt-PT` →
 * `pt-BR` (the one Portuguese we have), `zh`, `zh-Hans`, `zh-SG` → `zh-CN`; `zh-TW` → none.
 */
export function matchLocale(tag: unknown): Locale | undefined {
  if (typeof tag !== "string" || tag.length > 64 || !TAG.test(tag)) return undefined;
  const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  if (TRADITIONAL_CHINESE.test(tag)) return undefined;
  const language = tag.split("-")[0]!.toLowerCase();
  return BY_LANGUAGE[language] ?? LOCALES.find((l) => l === language);
}
