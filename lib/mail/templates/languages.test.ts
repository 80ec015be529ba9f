import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { smsCodeText } from "@/lib/factors";
import { messageLocaleFor } from "@/lib/i18n";
import { adminApiWriteEmail, factorCodeEmail, importCompletedEmail, passwordChangedEmail, passwordResetEmail, signInAttemptsEmail } from "@/lib/mail";

const requestedAt = new Date("2026-01-02T13:05:00Z");
const expiresAt = new Date(requestedAt.getTime() + 30 * 60_000);
const reset = (locale?: Parameters<typeof passwordResetEmail>[0]["locale"]) =>
  passwordResetEmail({ url: "https://id.example.test/reset/verify?ticket=abc", code: "123456", requestedAt, expiresAt, ip: "203.0.113.9", ...(locale ? { locale } : {}) });

describe("emails and SMS in the recipient's language", () => {
  beforeEach(() => overrideConfig({ PRODUCT_NAME: "Rekey", PUBLIC_URL: "https://id.example.test" }));
  afterEach(() => overrideConfig({}));

  it("the reset email in German: subject, body, dates and the layout's own words", () => {
    const { subject, text, html } = reset("de");
    expect(subject).toBe("Setzen Sie Ihr Passwort für Rekey zurück");
    expect(text).toContain("Ihr Code zum Zurücksetzen: 123 456");
    expect(text).toContain("laufen in 30 Minuten ab, am 2. Januar 2026 um 13:35 UTC.");
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Wenn die Schaltfläche nicht funktioniert");
    expect(`${text}${html}`).not.toMatch(/Reset your|Someone asked|If the button/);
  });

  it("the reset email in Arabic is right to left", () => {
    const { html, text } = reset("ar");
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(text).toContain("رمز إعادة التعيين: 123 456");
    expect(text).toContain("بعد 30 دقيقة");
  });

  it("English is the same text as before the catalogs", () => {
    const { subject, text } = reset();
    expect(subject).toBe("Reset your Rekey password");
    expect(text).toContain("Someone asked to reset the password of your Rekey account on 2 January 2026 at 13:05 UTC, from IP address 203.0.113.9. Type the code above");
    expect(reset("en").html).toContain('<html lang="en">');
  });

  it("DEFAULT_LOCALE is the language when nobody says otherwise", () => {
    overrideConfig({ PRODUCT_NAME: "Rekey", PUBLIC_URL: "https://id.example.test", DEFAULT_LOCALE: "fr" });
    expect(reset().subject).toBe("Réinitialisez votre mot de passe Rekey");
    expect(messageLocaleFor({}, undefined)).toBe("fr");
  });

  it("the user's own locale wins over the request's; an unknown one falls through", () => {
    expect(messageLocaleFor({ locale: "ja-JP" }, "de")).toBe("ja");
    expect(messageLocaleFor({ locale: "tlh" }, "de")).toBe("de");
    expect(messageLocaleFor({ locale: 42 }, "xx")).toBe("en");
    expect(messageLocaleFor(null, "he")).toBe("he");
  });

  it("the notice and the code emails follow", () => {
    expect(passwordChangedEmail({ changedAt: requestedAt, reason: "reset", ip: "203.0.113.9", locale: "es" }).text).toContain("se cambió con un enlace de restablecimiento el");
    expect(factorCodeEmail({ code: "654321", issuedAt: requestedAt, expiresAt, purpose: "sign-in", locale: "pl" }).text).toContain("wygasa za 30 minut");
  });

  it("the sign-in attempts notice in German: subject, body, time in the recipient's zone, no English left", () => {
    const { subject, text, html } = signInAttemptsEmail({ at: requestedAt, timeZone: "Europe/Berlin", locale: "de" });
    expect(subject).toBe("Jemand versucht, sich bei Ihrem Rekey-Konto anzumelden");
    expect(text).toContain("Es gab viele fehlgeschlagene Versuche, sich bei Ihrem Rekey-Konto anzumelden (Stand: 2. Januar 2026 um 14:05 CET)");
    expect(text).toContain("Ihr Konto ist nicht gesperrt");
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Passwort ändern</a>");
    expect(`${text}${html}`).not.toMatch(/sign-in attempts|Change your password|not blocked/);
  });

  it("the sign-in attempts notice keeps its English and speaks Hebrew right to left", () => {
    const en = signInAttemptsEmail({ at: requestedAt });
    expect(en.subject).toBe("Someone is trying to sign in to your Rekey account");
    expect(en.text).toContain("There have been many failed attempts to sign in to your Rekey account (as of 2 January 2026 at 13:05 UTC).");
    expect(signInAttemptsEmail({ at: requestedAt, locale: "he" }).html).toContain('<html lang="he" dir="rtl">');
  });

  it("the admin's API-write notice in French, the client's and operation's names as they are", () => {
    const notice = (locale?: "fr") => adminApiWriteEmail({ clientName: "sync", clientId: "abc123", operation: "Update a User", allowed: false, at: requestedAt, ip: "203.0.113.9", ...(locale ? { locale } : {}) });
    const { subject, text, html } = notice("fr");
    expect(subject).toBe("Un client d’API a tenté de modifier votre compte administrateur Rekey");
    expect(text).toContain("Le client « sync » (abc123) de la Management API a demandé « Update a User » sur votre compte administrateur Rekey le 2 janvier 2026 à 13:05 UTC, depuis 203.0.113.9.");
    expect(text).toContain("la demande a donc été refusée");
    expect(html).toContain('<html lang="fr">');
    expect(notice().text).toContain('The Management API client "sync" (abc123) asked to "Update a User" on your Rekey admin account on 2 January 2026 at 13:05 UTC from 203.0.113.9.');
  });

  it("the import notice in Japanese and in English, counts and the errors link with the job's id", () => {
    const input = { jobId: "job_42", connection: "Users", status: "completed", inserted: 1200, updated: 0, failed: 3 } as const;
    const ja = importCompletedEmail({ ...input, locale: "ja" });
    expect(ja.subject).toBe("ユーザーのインポート job_42 が完了しました");
    expect(ja.text).toContain("追加 1,200 件、更新 0 件、拒否 3 件です。");
    expect(ja.text).toContain("GET /api/v2/jobs/job_42/errors");
    const en = importCompletedEmail({ ...input, status: "failed", error: "The users file must be a JSON array of user objects." });
    expect(en.subject).toBe("Users import job_42 failed");
    expect(en.text).toContain("stopped: 1,200 inserted, 0 updated, 3 refused.");
    expect(en.text).toContain("The file was refused: The users file must be a JSON array of user objects.");
  });

  it("the SMS keeps its WebOTP line in every language", () => {
    overrideConfig({ PRODUCT_NAME: "Rekey", PUBLIC_URL: "https://id.example.test", WEBAUTHN_RP_ID: "id.example.test" });
    expect(smsCodeText("123456", "zh-CN")).toBe("123456 是你的 Rekey 验证码。请勿告诉他人。\n\n@id.example.test #123456");
    expect(smsCodeText("123456")).toBe("123456 is your Rekey verification code. Do not share it.\n\n@id.example.test #123456");
  });
});
