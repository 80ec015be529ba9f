import { describe, expect, it } from "vitest";
import {
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  effectiveMinLength,
  measurePassword,
  personalInfoParts,
  utf8ByteLength,
  type PasswordPolicyLevel,
  type PasswordPolicySettings,
  type Rule,
  type RuleCode,
} from "./policy";
import { passwordPolicySettingsSchema } from "./settings";

const plainPolicy = (level: PasswordPolicyLevel, extra: Partial<PasswordPolicySettings> = {}): PasswordPolicySettings => ({
  level,
  minLength: 1,
  historySize: 0,
  dictionary: false,
  noPersonalInfo: false,
  ...extra,
});

const rule = (rules: Rule[], code: RuleCode) => rules.find((r) => r.code === code);
const failed = (plain: string, settings: PasswordPolicySettings) =>
  checkPassword(plain, settings).rules.filter((r) => !r.verified).map((r) => r.code);

describe("levels", () => {
  it("none: one character of any kind", () => {
    expect(failed("", plainPolicy("none"))).toContain("min_length");
    expect(checkPassword("a", plainPolicy("none")).ok).toBe(true);
    expect(checkPassword(" ", plainPolicy("none")).ok).toBe(true);
    expect(checkPassword("a", plainPolicy("none")).rules.map((r) => r.code)).toEqual(["min_length", "max_length"]);
    expect(rule(checkPassword("a", plainPolicy("none")).rules, "min_length")?.message).toBe("At least 1 character");
  });

  it("low: 5 characters fail, 6 pass", () => {
    expect(failed("abcde", plainPolicy("low"))).toEqual(["min_length"]);
    expect(checkPassword("abcdef", plainPolicy("low")).ok).toBe(true);
  });

  it("fair: 7 vs 8 characters, and lower + upper + numbers all required", () => {
    expect(failed("Abcdef1", plainPolicy("fair"))).toEqual(["min_length"]);
    expect(checkPassword("Abcdefg1", plainPolicy("fair")).ok).toBe(true);
    expect(failed("abcdefg1", plainPolicy("fair"))).toEqual(["char_types"]);
    expect(failed("ABCDEFG1", plainPolicy("fair"))).toEqual(["char_types"]);
    expect(failed("Abcdefgh", plainPolicy("fair"))).toEqual(["char_types"]);
    // Special characters are no substitute at this level.
    expect(failed("abcdefg!", plainPolicy("fair"))).toEqual(["char_types"]);

    const types = rule(checkPassword("abcdefg1", plainPolicy("fair")).rules, "char_types")!;
    expect(types.message).toBe("Contains lower case letters, upper case letters and numbers");
    expect(types.items).toEqual([
      { code: "lower_case", message: "lower case letters", verified: true },
      { code: "upper_case", message: "upper case letters", verified: false },
      { code: "numbers", message: "numbers", verified: true },
    ]);
  });

  it("good: 8 characters with any 3 of the 4 types", () => {
    expect(failed("Abcdef1", plainPolicy("good"))).toEqual(["min_length"]);
    for (const ok of ["Abcdefg1", "abcdef1!", "ABCDEF1!", "Abcdefg!", "Ab1!Ab1!"]) {
      expect(checkPassword(ok, plainPolicy("good")).ok, ok).toBe(true);
    }
    for (const weak of ["abcdefgh", "abcdefg1", "abcdefg!", "ABCDEFG1", "12345678", "!!!!!!!!"]) {
      expect(failed(weak, plainPolicy("good")), weak).toEqual(["char_types"]);
    }
    expect(rule(checkPassword("x", plainPolicy("good")).rules, "char_types")?.message).toBe(
      "Contains at least 3 of: lower case letters, upper case letters, numbers, special characters (e.g. !@#$%^&*)",
    );
  });

  it("counts a space as a special character, as Auth0's OWASP list does", () => {
    expect(checkPassword("abcd efg1", plainPolicy("good")).ok).toBe(true);
  });

  it("excellent: 10 characters, 3 of 4 types, no more than 2 identical in a row", () => {
    expect(failed("Abcdefgh1", plainPolicy("excellent"))).toEqual(["min_length"]);
    expect(checkPassword("Abcdefghi1", plainPolicy("excellent")).ok).toBe(true);
    expect(failed("Abbbcdefg1", plainPolicy("excellent"))).toEqual(["identical_chars"]);
    expect(failed("Abcdefg111", plainPolicy("excellent"))).toEqual(["identical_chars"]);
    expect(checkPassword("Abbcdefg11", plainPolicy("excellent")).ok).toBe(true);
    // Identical means identical: a change of case breaks the run.
    expect(checkPassword("AaaBcdefg1", plainPolicy("excellent")).ok).toBe(true);
    expect(failed("aaaaaaaaaa", plainPolicy("excellent")).sort()).toEqual(["char_types", "identical_chars"]);
    expect(rule(checkPassword("x", plainPolicy("excellent")).rules, "identical_chars")?.message).toBe(
      'No more than 2 identical characters in a row (e.g. "aaa" not allowed)',
    );
  });

  it("counts runs of astral characters by code point", () => {
    expect(failed("Abcdefg1😀😀😀", plainPolicy("excellent"))).toEqual(["identical_chars"]);
    expect(checkPassword("Abcdefg1😀😀", plainPolicy("excellent")).ok).toBe(true);
  });

  it("throws on an unknown level instead of checking nothing", () => {
    expect(() => checkPassword("x", plainPolicy("medium" as PasswordPolicyLevel))).toThrow(RangeError);
    expect(() => checkPassword("x", plainPolicy("toString" as PasswordPolicyLevel))).toThrow(RangeError);
  });
});

describe("minimum length setting", () => {
  it("raises the level's minimum", () => {
    const settings = plainPolicy("good", { minLength: 12 });
    expect(effectiveMinLength(settings)).toBe(12);
    expect(failed("Abcdefghi1!", settings)).toEqual(["min_length"]);
    expect(checkPassword("Abcdefghij1!", settings).ok).toBe(true);
    expect(rule(checkPassword("", settings).rules, "min_length")?.message).toBe("At least 12 characters");
  });

  it("cannot lower it", () => {
    expect(effectiveMinLength(plainPolicy("fair", { minLength: 4 }))).toBe(8);
    expect(effectiveMinLength(plainPolicy("excellent", { minLength: 1 }))).toBe(10);
  });

  it("stays within 1–128 whatever is stored", () => {
    expect(effectiveMinLength(plainPolicy("none", { minLength: 500 }))).toBe(128);
    expect(effectiveMinLength(plainPolicy("none", { minLength: Number.NaN }))).toBe(1);
    expect(effectiveMinLength(plainPolicy("low", { minLength: 7.9 }))).toBe(7);
  });
});

describe("length is counted in code points, capped in characters and bytes", () => {
  it("counts an emoji as one character, not two UTF-16 units", () => {
    // 5 emoji are 10 UTF-16 units: a .length check would wrongly accept them under "low".
    expect(failed("😀".repeat(5), plainPolicy("low"))).toEqual(["min_length"]);
    expect(checkPassword("😀".repeat(6), plainPolicy("low")).ok).toBe(true);
    expect(measurePassword("é😀a")).toEqual({ codePoints: 3, bytes: 2 + 4 + 1 });
  });

  it("accepts 128 characters and refuses 129", () => {
    expect(checkPassword("a".repeat(128), plainPolicy("none")).ok).toBe(true);
    expect(failed("a".repeat(129), plainPolicy("none"))).toEqual(["max_length"]);
    // 128 four-byte characters are 512 bytes: the character cap is the one that binds.
    expect(checkPassword("😀".repeat(128), plainPolicy("none")).ok).toBe(true);
    expect(failed("😀".repeat(129), plainPolicy("none"))).toEqual(["max_length"]);
  });

  it("refuses a 2 KB input without walking all of it", () => {
    const big = "aB1!".repeat(512);
    expect(utf8ByteLength(big)).toBe(2048);
    const result = checkPassword(big, plainPolicy("good"));
    expect(result.ok).toBe(false);
    expect(rule(result.rules, "max_length")?.verified).toBe(false);
    expect(measurePassword("a".repeat(1_000_000)).bytes).toBe(1025);
  });

  it("measures UTF-8 like Node does, lone surrogates included", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a\uD800b", "\uDC00", "日本語のパスワード"]) {
      expect(utf8ByteLength(s), JSON.stringify(s)).toBe(Buffer.byteLength(s, "utf8"));
    }
  });
});

describe("character types beyond ASCII", () => {
  it("counts accented and non-Latin letters and digits", () => {
    expect(checkPassword("éééééÉÉ1", plainPolicy("fair")).ok).toBe(true);
    expect(checkPassword("ΑβγδεζηΘ٣", plainPolicy("fair")).ok).toBe(true);
  });

  it("does not count a combining accent as a special character", () => {
    const decomposed = "abcdefe\u0301"; // "é" as e + U+0301
    expect(rule(checkPassword(decomposed, plainPolicy("good")).rules, "char_types")?.items?.find((i) => i.code === "special_characters")?.verified).toBe(false);
  });

  it("counts symbols and emoji as special characters", () => {
    expect(checkPassword("abcdefg€", plainPolicy("good")).ok).toBe(false);
    expect(checkPassword("abcdefG€", plainPolicy("good")).ok).toBe(true);
    expect(checkPassword("abcdefG😀", plainPolicy("good")).ok).toBe(true);
  });
});

describe("dictionary rule", () => {
  const isCommon = (p: string) => ["password1", "qwerty123"].includes(p.toLowerCase());

  it("is checked only when a dictionary is plugged in (the browser has none)", () => {
    const settings = plainPolicy("low", { dictionary: true });
    expect(rule(checkPassword("password1", settings).rules, "dictionary")).toBeUndefined();
    const result = checkPassword("Password1", settings, {}, { isCommon });
    expect(result.ok).toBe(false);
    expect(rule(result.rules, "dictionary")).toEqual({ code: "dictionary", message: "Not a commonly used password", verified: false });
    expect(checkPassword("uncommon-choice", settings, {}, { isCommon }).ok).toBe(true);
  });

  it("is skipped when the policy turns it off", () => {
    expect(checkPassword("password1", plainPolicy("low"), {}, { isCommon }).ok).toBe(true);
  });
});

describe("personal info rule", () => {
  const settings = plainPolicy("low", { noPersonalInfo: true });
  const check = (plain: string, personal: Parameters<typeof checkPassword>[2]) => checkPassword(plain, settings, personal).ok;

  it("refuses the part of the email before the @, and its words", () => {
    expect(check("John1234", { email: "john@example.com" })).toBe(false);
    expect(check("xxsmith99", { email: "john.smith@example.com" })).toBe(false);
    expect(check("john.smith!", { email: "john.smith@example.com" })).toBe(false);
    // The domain is not personal.
    expect(check("example2024", { email: "john@example.com" })).toBe(true);
  });

  it("refuses the username, nickname and phone number", () => {
    expect(check("my-jdoe-pass", { username: "jdoe" })).toBe(false);
    expect(check("Skywalker!", { nickname: "skywalker" })).toBe(false);
    expect(check("pw+15551234567", { phoneNumber: "+1 (555) 123-4567" })).toBe(false);
    expect(check("pw5551234567", { phoneNumber: "+1 (555) 123-4567" })).toBe(false);
    expect(check("call1234567", { phoneNumber: "+1 (555) 123-4567" })).toBe(false);
  });

  it("refuses each part of the name, case-insensitively", () => {
    const personal = { name: "Mary-Ann Lee", givenName: "Mary-Ann", familyName: "Lee" };
    expect(check("MARYrocks", personal)).toBe(false);
    expect(check("annabelle", personal)).toBe(false); // contains "ann"
    expect(check("fleece42", personal)).toBe(false); // contains "lee"
    expect(check("totally-unrelated", personal)).toBe(true);
    expect(check("ÉLODIE-pw", { givenName: "élodie" })).toBe(false);
  });

  it("ignores parts shorter than 3 characters", () => {
    expect(personalInfoParts({ name: "Al Jo", email: "al@example.com", username: "jo" })).toEqual(["al jo"]);
    expect(check("always-jolly", { name: "Al Jo", email: "al@example.com" })).toBe(true);
    expect(check("xAl Jox", { name: "Al Jo" })).toBe(false);
  });

  it("passes when nothing personal is known, and says what it checks", () => {
    const result = checkPassword("anything", settings, {});
    expect(result.ok).toBe(true);
    expect(rule(result.rules, "personal_info")?.message).toBe("Does not contain your name, username, phone number or email address");
  });
});

describe("the checklist", () => {
  it("lists the rules in a stable order", () => {
    const settings: PasswordPolicySettings = { ...DEFAULT_PASSWORD_POLICY, level: "excellent" };
    const codes = checkPassword("x", settings, {}, { isCommon: () => false }).rules.map((r) => r.code);
    expect(codes).toEqual(["min_length", "max_length", "char_types", "identical_chars", "dictionary", "personal_info"]);
  });

  it("ticks nothing for an empty password", () => {
    const settings: PasswordPolicySettings = { ...DEFAULT_PASSWORD_POLICY, level: "excellent" };
    const result = checkPassword("", settings, { email: "a@b.c" }, { isCommon: () => false });
    expect(result.ok).toBe(false);
    expect(result.rules.every((r) => !r.verified)).toBe(true);
  });

  it("defaults match the connection defaults and validate", () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ level: "good", minLength: 8, historySize: 5, dictionary: true, noPersonalInfo: true });
    expect(passwordPolicySettingsSchema.parse(DEFAULT_PASSWORD_POLICY)).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(passwordPolicySettingsSchema.safeParse({ ...DEFAULT_PASSWORD_POLICY, historySize: 25 }).success).toBe(false);
    expect(passwordPolicySettingsSchema.safeParse({ ...DEFAULT_PASSWORD_POLICY, minLength: 0 }).success).toBe(false);
    expect(passwordPolicySettingsSchema.safeParse({ ...DEFAULT_PASSWORD_POLICY, level: "medium" }).success).toBe(false);
  });
});
