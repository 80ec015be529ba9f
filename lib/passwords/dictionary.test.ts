import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS_COUNT, isCommonPassword, loadCommonPasswords } from "./dictionary";

const ranked = dictionary["passwords-common"];

describe("common passwords", () => {
  it("holds the 10,000 most common passwords of the zxcvbn list, loaded once", async () => {
    const common = await loadCommonPasswords();
    expect(common.size).toBe(COMMON_PASSWORDS_COUNT);
    expect(await loadCommonPasswords()).toBe(common);
    expect(ranked.length).toBeGreaterThan(COMMON_PASSWORDS_COUNT);
  });

  it("refuses password1 and qwerty123, which are in the top 10,000", async () => {
    for (const word of ["password1", "qwerty123"]) {
      expect(ranked.indexOf(word), word).toBeGreaterThanOrEqual(0);
      expect(ranked.indexOf(word), word).toBeLessThan(COMMON_PASSWORDS_COUNT);
      expect(await isCommonPassword(word), word).toBe(true);
    }
    expect(await isCommonPassword("123456")).toBe(true);
  });

  it("compares case-insensitively", async () => {
    expect(await isCommonPassword("PassWord1")).toBe(true);
    expect(await isCommonPassword("QWERTY123")).toBe(true);
  });

  it("matches whole passwords only, and stops at rank 10,000", async () => {
    expect(await isCommonPassword("password1-but-longer")).toBe(false);
    expect(await isCommonPassword("correct-horse-battery-staple")).toBe(false);
    expect(await isCommonPassword(ranked[COMMON_PASSWORDS_COUNT]!)).toBe(false);
    expect(await isCommonPassword(ranked[COMMON_PASSWORDS_COUNT - 1]!)).toBe(true);
  });
});
