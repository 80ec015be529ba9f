import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { factorCodeEmail, formatDuration, formatEmailTime, passwordChangedEmail, passwordResetEmail, type EmailBrand } from "@/lib/mail";

const requestedAt = new Date("2026-01-02T13:05:00Z");
const at = (minutes: number) => new Date(requestedAt.getTime() + minutes * 60_000);
const BRAND: EmailBrand = { name: "Acme ID", color: "#ffcc00", textColor: "#000000", logoUrl: "https://id.example.test/branding/logo?v=1" };

/** The text between the opening <body> and the first occurrence of `needle`, to check what comes first. */
const before = (html: string, needle: string) => html.slice(html.indexOf("<body"), html.indexOf(needle));

describe("email templates", () => {
  beforeEach(() => overrideConfig({ PRODUCT_NAME: "Rekey", PUBLIC_URL: "https://id.example.test" }));
  afterEach(() => overrideConfig({}));

  it("the reset email shows the code alone, large, before the rest of the message", () => {
    const { html, text } = passwordResetEmail({ url: "https://id.example.test/reset/verify?ticket=abc", code: "123456", requestedAt, expiresAt: at(30), ip: "203.0.113.9" });
    expect(html).toMatch(/<p style="[^"]*font-size:32px[^"]*">123 456<\/p>/);
    expect(before(html, "123 456")).not.toContain("Someone asked");
    expect(text.indexOf("Your reset code: 123 456")).toBeLessThan(text.indexOf("Someone asked"));
    expect(text).toContain("Reset your password:\nhttps://id.example.test/reset/verify?ticket=abc");
  });

  // Bug: the text part said "Use the button below", which a plain-text reader does not have.
  it.each([
    ["password-reset", () => passwordResetEmail({ url: "https://id.example.test/r", code: "123456", requestedAt, expiresAt: at(30), ip: "203.0.113.9" })],
    ["password-changed", () => passwordChangedEmail({ changedAt: requestedAt, ip: "203.0.113.9", reason: "reset" })],
    ["factor-code", () => factorCodeEmail({ code: "654321", issuedAt: requestedAt, expiresAt: at(10), purpose: "reset" })],
  ])("the %s text part never mentions a button", (_name, make) => {
    const { text } = make();
    expect(text).not.toMatch(/button/i);
  });

  it("names the time zone: UTC when the user's is unknown, theirs when known", () => {
    const unknown = passwordResetEmail({ url: "https://id.example.test/r", requestedAt, expiresAt: at(30), ip: "203.0.113.9" });
    expect(unknown.text).toContain("on 2 January 2026 at 13:05 UTC");
    expect(unknown.text).toContain("expires in 30 minutes, at 2 January 2026 at 13:35 UTC.");
    const paris = passwordResetEmail({ url: "https://id.example.test/r", requestedAt, expiresAt: at(30), ip: "203.0.113.9", timeZone: "Europe/Paris" });
    expect(paris.text).toContain("on 2 January 2026 at 14:05 CET");
    expect(paris.html).toContain("at 2 January 2026 at 14:35 CET.");
    const changed = passwordChangedEmail({ changedAt: requestedAt, reason: "self", timeZone: "America/New_York" });
    expect(changed.text).toContain("from the account page on 2 January 2026 at 08:05 GMT-5.");
    // A stored zone the runtime does not know falls back to UTC instead of failing the email.
    expect(formatEmailTime(requestedAt, "Mars/Olympus")).toBe("2 January 2026 at 13:05 UTC");
  });

  it("gets plurals right", () => {
    expect(formatDuration(60_000)).toBe("1 minute");
    expect(formatDuration(10 * 60_000)).toBe("10 minutes");
    expect(formatDuration(60 * 60_000)).toBe("60 minutes");
    expect(formatDuration(120 * 60_000)).toBe("2 hours");
    expect(formatDuration(1440 * 60_000)).toBe("1 day");
    const one = factorCodeEmail({ code: "654321", issuedAt: requestedAt, expiresAt: at(1), purpose: "verify-email" });
    expect(one.text).toContain("expires in 1 minute, at");
    expect(one.text).toContain("Your verification code: 654 321");
  });

  it("uses the branding: name, logo and the button's colours", () => {
    const { html, text, subject } = passwordResetEmail({ url: "https://id.example.test/r", code: "123456", requestedAt, expiresAt: at(30), ip: "203.0.113.9", brand: BRAND });
    expect(subject).toBe("Reset your Acme ID password");
    expect(html).toContain('<img src="https://id.example.test/branding/logo?v=1" alt="Acme ID"');
    expect(html).toMatch(/<a href="https:\/\/id.example.test\/r" style="[^"]*background-color:#ffcc00;color:#000000;"/);
    expect(text.startsWith("Acme ID\n")).toBe(true);
    const plain = passwordChangedEmail({ changedAt: requestedAt, reason: "admin" });
    expect(plain.html).toMatch(/style="[^"]*background-color:#1d4ed8;color:#ffffff;"/);
  });

  it("never puts a colour that is not a hex value into a style attribute", () => {
    const { html } = passwordChangedEmail({ changedAt: requestedAt, reason: "admin", brand: { name: "X", color: "red;background:url(https://evil.test)", textColor: "#000000" } });
    expect(html).not.toContain("evil.test");
    expect(html).toContain("background-color:#1d4ed8;color:#ffffff;");
  });
});
