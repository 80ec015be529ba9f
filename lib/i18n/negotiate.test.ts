import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dirOf, LOCALES, matchLocale } from "./locales";
import { acceptedLanguages, negotiateLocale } from "./negotiate";

describe("matchLocale", () => {
  it.each([
    ["de", "de"], ["de-AT", "de"], ["DE-ch", "de"], ["pt", "pt-BR"], ["pt-PT", "pt-BR"], ["pt-br", "pt-BR"], ["zh", "zh-CN"],
    ["zh-Hans-CN", "zh-CN"], ["zh-SG", "zh-CN"], ["iw", "he"], ["ar-EG", "ar"], ["en-GB", "en"],
  ])("%s → %s", (tag, locale) => expect(matchLocale(tag)).toBe(locale));

  it.each(["zh-TW", "zh-Hant", "zh-HK", "sv", "", "*", "de_DE", "../de", "de;q=1", "x".repeat(80), "de-\u0000"])("%j is no supported language", (tag) => {
    expect(matchLocale(tag)).toBeUndefined();
  });

  it("right to left for Arabic and Hebrew only", () => {
    expect(LOCALES.filter((l) => dirOf(l) === "rtl")).toEqual(["ar", "he"]);
  });
});

describe("acceptedLanguages", () => {
  it("orders by q, keeps the header's order for ties, drops q=0 and *", () => {
    expect(acceptedLanguages("fr;q=0.5, de-CH, en;q=0.9, *;q=0.1, ja;q=0")).toEqual(["de-CH", "en", "fr"]);
  });

  it("reads nothing from an oversized header", () => {
    expect(acceptedLanguages(`${"x-y,".repeat(400)}de`)).toEqual([]);
  });
});

describe("negotiateLocale", () => {
  const base = { fallback: "en" as const };

  it("takes the application's ui_locales first, then the choice, the user's locale, the browser, the default", () => {
    const all = { uiLocales: "xx ja fr", chosen: "de", userLocale: "es", acceptLanguage: "it", fallback: "nl" as const };
    expect(negotiateLocale(all)).toBe("ja");
    expect(negotiateLocale({ ...all, uiLocales: "xx" })).toBe("de");
    expect(negotiateLocale({ ...all, uiLocales: null, chosen: "klingon" })).toBe("es");
    expect(negotiateLocale({ ...all, uiLocales: null, chosen: null, userLocale: null })).toBe("it");
    expect(negotiateLocale({ ...all, uiLocales: null, chosen: null, userLocale: null, acceptLanguage: "sv, fi" })).toBe("nl");
  });

  it("answers a supported locale whatever the sources say", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (ui, chosen, user, accept) => {
        expect(LOCALES).toContain(negotiateLocale({ ...base, uiLocales: ui, chosen, userLocale: user, acceptLanguage: accept }));
      }),
    );
  });
});
