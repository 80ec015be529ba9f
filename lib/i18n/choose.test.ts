import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { chooseLocale, chooseLocaleSchema } from "./choose";

describe("chooseLocale (the language switcher's POST)", () => {
  it("sets the cookie and goes back to the page, path and query", () => {
    const chosen = chooseLocale({ locale: "ar", return: "/reset/challenge?factor=otp" });
    expect(chosen.location).toBe("/reset/challenge?factor=otp");
    expect(chosen.cookie).toMatchObject({ name: "rekey_locale", value: "ar", options: { path: "/", sameSite: "lax", httpOnly: true } });
  });

  // Open redirect: only a path on this site is followed, whatever the browser's parser would make of it.
  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example", "\\\\evil.example", "javascript:alert(1)", "/..//evil.example", "", "reset"])(
    "return %j goes home, never elsewhere",
    (hostile) => {
      const location = chooseLocale({ locale: "de", return: hostile }).location;
      expect(location.startsWith("/")).toBe(true);
      expect(location.startsWith("//") || location.startsWith("/\\")).toBe(false);
      expect(new URL(location, "https://id.example.com").origin).toBe("https://id.example.com");
    },
  );

  it.each(["", "xx", "de-DE", "../en", "en\u0000", "__proto__", "constructor"])("refuses the language %j with INVALID_INPUT", (locale) => {
    let caught: unknown;
    try {
      chooseLocale({ locale });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code === "INVALID_INPUT" && caught.status === 400).toBe(true);
  });

  it("the schema refuses an oversized field", () => {
    expect(chooseLocaleSchema.safeParse({ locale: "x".repeat(65) }).success).toBe(false);
    expect(chooseLocaleSchema.safeParse({ locale: "de", return: `/${"a".repeat(3000)}` }).success).toBe(false);
  });
});
