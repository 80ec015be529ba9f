import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { browserLocale } from "./browser-locale";
import { LAST_RESORT_MESSAGES } from "./last-resort-messages";
import { lastResortModule } from "./last-resort-source";
import { LOCALES } from "./locales";

describe("the last-resort error page's messages (app/global-error.tsx)", () => {
  it("are the catalogs' own, for every language (run `npm run i18n:last-resort` when this fails)", () => {
    const file = fs.readFileSync(path.join(import.meta.dirname, "last-resort-messages.ts"), "utf8");
    expect(file).toBe(lastResortModule());
    expect(Object.keys(LAST_RESORT_MESSAGES)).toEqual([...LOCALES]);
    expect(LAST_RESORT_MESSAGES.de).toEqual({
      title: "Etwas ist schiefgelaufen",
      body: "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es noch einmal.",
      reference: "Referenz: {digest}",
      signIn: "Anmelden",
      reload: "Seite neu laden",
    });
    for (const locale of LOCALES) expect(LAST_RESORT_MESSAGES[locale].reference, locale).toContain("{digest}");
  });

  it("are only these few strings: the page's bundle does not carry the catalogs", () => {
    const file = fs.readFileSync(path.join(import.meta.dirname, "last-resort-messages.ts"), "utf8");
    expect(file).not.toMatch(/from "[^"]*(messages|json)/);
    expect(Buffer.byteLength(file)).toBeLessThan(6_000);
  });
});

describe("the visitor's language as the browser alone tells it", () => {
  it("is the switcher's cookie first", () => {
    expect(browserLocale("a=1; rekey_locale=he; b=2", ["de-DE"])).toBe("he");
    expect(browserLocale("rekey_locale=pt-BR", [])).toBe("pt-BR");
  });

  it("else the first of the browser's languages Rekey speaks", () => {
    expect(browserLocale("", ["tlh", "zh-TW", "ar-EG", "de"])).toBe("ar");
    expect(browserLocale("rekey_locale=xx", ["ja-JP"])).toBe("ja");
  });

  it("else English, whatever the cookie or the list hold", () => {
    expect(browserLocale("", [])).toBe("en");
    expect(browserLocale("rekey_locale=<script>; rekey_locale_x=de", ["*", "x".repeat(100), "zh-Hant"])).toBe("en");
    expect(browserLocale("xrekey_locale=de", [])).toBe("en");
  });
});
