import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/errors";
import { LOCALES } from "./locales";
import { lookup, messagesOf, translator } from "./messages";

// The drift test: every language says every English message, no more, with the same placeholders,
// the same plural and select arguments and the same rich-text tags. A missing key would show the
// English fallback on a translated page; a renamed placeholder would print "{name}".

function flatten(node: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const id = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(id, value);
    else for (const [k, v] of flatten(value, id)) out.set(k, v);
  }
  return out;
}

/** The arguments of a message and their kinds ("typed:argument", "count:plural", "link:tag"), sorted. */
function shape(message: string, locale: string): string[] {
  const found = new Set<string>();
  const plurals: string[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      switch (el.type) {
        case TYPE.argument:
          found.add(`${el.value}:argument`);
          break;
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(`${el.value}:${TYPE[el.type]}`);
          break;
        case TYPE.plural:
          found.add(`${el.value}:plural`);
          if (!Object.hasOwn(el.options, "other")) plurals.push(`${el.value} has no "other"`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.select:
          found.add(`${el.value}:select`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          found.add(`${el.value}:tag`);
          walk(el.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message, { requiresOtherClause: true, locale: new Intl.Locale(locale) }));
  return [...found, ...plurals].sort();
}

const english = flatten(messagesOf("en"));

describe("message catalogs", () => {
  it("English has a message ID for every error code, saying the code's own message", () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) expect(lookup(messagesOf("en"), `errors.${code}`), code).toBe(entry.message);
    expect([...english.keys()].filter((k) => k.startsWith("errors.")).length).toBe(Object.keys(ERROR_CODES).length);
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s has every English key and no other", (locale) => {
    const keys = [...flatten(messagesOf(locale)).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s keeps the placeholders, plurals and tags of English", (locale) => {
    const own = flatten(messagesOf(locale));
    const drift: string[] = [];
    for (const [id, source] of english) {
      const translated = own.get(id);
      if (translated === undefined) continue;
      const [a, b] = [shape(source, "en").join(","), shape(translated, locale).join(",")];
      if (a !== b) drift.push(`${id}: English ${a || "(none)"}, ${locale} ${b || "(none)"}`);
    }
    expect(drift).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s translates: no message is left in English", (locale) => {
    const own = flatten(messagesOf(locale));
    // Words that are the same in that language: "Error: " in Spanish, "Email" in Italian, "minutes" in French,
    // "Password" in Italian, "Code" in German, French and Dutch, "Account", "Menu", "Profil", "Actions".
    const sameWord = new Set([
      "common.errorPrefix@es", "reset.labelEmail@it", "email.minutes@fr", "common.password@it",
      "verify.codeLabel@de", "verify.codeLabel@fr", "verify.codeLabel@nl",
      "account.navAccount@it", "account.navAccount@nl", "account.menu@fr", "account.menu@pt-BR", "account.menu@it", "account.menu@nl", "account.menu@pl",
      "account.profile@de", "account.profile@fr", "account.profile@pl", "methods.colActions@fr",
    ]);
    const untranslated = [...english].filter(([id, text]) => own.get(id) === text && !sameWord.has(`${id}@${locale}`) && /[a-z]{3}/i.test(text));
    expect(untranslated.map(([id]) => id)).toEqual([]);
  });

  it.each(LOCALES)("%s formats every message with sample values", (locale) => {
    // Every ID is looked up by name here: the catalog's own types do not follow a loop.
    const t = translator(locale) as unknown as { (id: string, values: object): string; markup(id: string, values: object): string };
    const values = { typed: "ana@example.com", to: "a•••@example.com", where: "x", count: 3, min: 8, max: "128", maxRun: "2", example: "aaa",
      atLeast: "3", types: "x, y", head: "x", last: "y", rule: "x", name: "App", left: "2", digest: "abc", product: "Rekey", when: "1 January 2026",
      ip: "192.0.2.1", n: "3", total: "10", lifetime: "30 minutes", expires: "1 January 2026 10:30 UTC", how: "x", code: "123456", host: "verify.example",
      client: "sync", clientId: "abc123", operation: "Update a User", jobId: "job_1", connection: "Users", inserted: "3", updated: "0", failed: "1", error: "x", what: "codes", unit: "minute" };
    for (const id of english.keys()) {
      const rich = /<\w+>/.test(english.get(id)!);
      const out = rich ? t.markup(id, { ...values, strong: (s: string) => s, link: (s: string) => s }) : t(id, values);
      expect(out, `${locale} ${id}`).not.toMatch(/[{}]/);
    }
  });

  it("formats English exactly as the code wrote it before the catalogs", () => {
    const t = translator("en");
    expect(t("password.min_length", { min: 8 })).toBe("At least 8 characters");
    expect(t("password.min_length", { min: 1 })).toBe("At least 1 character");
    expect(t("reset.recoveryRemaining", { count: 1 })).toBe("You have 1 recovery code left. Each one works once.");
    expect(t("reset.recoveryLeft", { count: 3 })).toBe("3 codes left");
    expect(t("email.minutes", { count: 30 })).toBe("30 minutes");
    expect(t("verify.codeInvalidTries", { count: 1 })).toBe("That code is not right. 1 try left.");
    expect(t("verify.codeInvalidTries", { count: 2 })).toBe("That code is not right. 2 tries left.");
    // Apostrophes and # outside a plural are plain text in ICU: the messages say what the schemas wrote.
    expect(t("fields.usernameChars")).toBe("Use letters, digits and _ + - . ! # $ ' ^ ` ~ @ only.");
    expect(t("account.loginsCount", { count: 1, n: "1" })).toBe("1 times");
    expect(t("account.loginsCount", { count: 1234, n: "1234" })).toBe("1234 times");
    expect(t("verify.willSendAccountEmail")).toBe("We will send a 6-digit code to the account's email address.");
  });
});
