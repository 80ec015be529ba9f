import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, catalogError, ERROR_CODES, englishOf, errorResponse } from "@/lib/errors";
import { nothingToSend } from "@/lib/factors/strategy-parts";
import { handleForm } from "@/lib/http/form-state";
import { refuseIfLimited } from "@/lib/security";
import { factorNameInput, phoneNumberInput, sixDigitCode } from "@/lib/factors/schemas";
import { changeOwnPasswordSchema, signUpSchema } from "@/lib/users/schemas";
import { LOCALES } from "./locales";
import { messagesOf as messagesOfLocale, translator } from "./messages";
import { localizeError, localizeFormState } from "./localize";

/** Every field message `schema` gives for `inputs` (each breaking a rule). */
function messagesOf(schema: z.ZodType, inputs: unknown[]): string[] {
  const out = new Set<string>();
  for (const input of inputs) {
    const result = schema.safeParse(input);
    if (!result.success) for (const issue of result.error.issues) out.add(issue.message);
  }
  return [...out];
}

/** Every field message the account pages' forms can give. */
function accountMessages(): string[] {
  const forms = z.object({ code: sixDigitCode, phone: phoneNumberInput, name: factorNameInput });
  return [
    ...messagesOf(forms, [{}, { code: "12", phone: "07946", name: "" }, { code: "x".repeat(20), phone: "+44 20 7946 0958", name: "n".repeat(61) }, { name: "a\u0001" }]),
    ...messagesOf(changeOwnPasswordSchema, [{}, { currentPassword: "a", newPassword: "b", confirmPassword: "c" }]),
  ];
}

/** Every field message the sign-up schema can give, from inputs that break each rule. */
function signUpMessages(): string[] {
  const bad = [
    {},
    { email: "x", password: "" },
    { email: `${"a".repeat(250)}@example.com`, password: "p".repeat(5000) },
    { email: "not an email", username: "has space", name: "a\u0000b" },
    { email: "a@example.com", username: "a@b", password: "x" },
    { email: "a@example.com", username: "u".repeat(129), password: "x" },
  ];
  return messagesOf(signUpSchema, bad);
}

describe("a sign-up or account form's refusal in the page's language", () => {
  const ids = [...new Set([...signUpMessages(), ...accountMessages()])];

  it("the schemas write every field message as a catalog ID", () => {
    expect(ids.length).toBeGreaterThanOrEqual(14);
    const english = messagesOfLocale("en") as unknown as Record<string, Record<string, string>>;
    for (const id of ids) expect(english[id.split(".")[0]!]?.[id.split(".")[1]!], id).toEqual(expect.any(String));
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s says every field message of the sign-up and account forms in its own words", (locale) => {
    for (const id of ids) {
      const state = localizeFormState({ ok: false, code: "INVALID_INPUT", message: ERROR_CODES.INVALID_INPUT.message, fields: { email: englishOf({ id }) }, fieldIds: { email: { id } } }, locale);
      expect(state.fields?.email, `${locale}: ${id}`).toBe((messagesOfLocale(locale) as unknown as Record<string, Record<string, string>>)[id.split(".")[0]!]![id.split(".")[1]!]);
      expect(state.message).not.toBe(ERROR_CODES.INVALID_INPUT.message);
    }
  });

  it("a form's refusal carries its IDs from the schema to the page; the JSON API answers in English", async () => {
    const form = new FormData();
    form.set("email", "x");
    form.set("password", "");
    const state = await handleForm(signUpSchema, form, async () => undefined);
    expect(state.fields).toEqual({ email: "Enter your email address.", password: "Enter a password." });
    expect(state.fieldIds).toEqual({ email: { id: "fields.emailRequired" }, password: { id: "fields.passwordRequired" } });
    expect(localizeFormState(state, "de").fields).toEqual({ email: "Geben Sie Ihre E-Mail-Adresse ein.", password: "Geben Sie ein Passwort ein." });
    expect(localizeFormState(state, "en")).toBe(state);
    const parsed = signUpSchema.safeParse({ email: "x", password: "" });
    const body = await errorResponse(parsed.error).json();
    expect(body.error.fields).toEqual({ email: "Enter your email address.", password: "Enter a password." });
    expect(body.error.message).toBe(ERROR_CODES.INVALID_INPUT.message);
    expect(body.error.fieldIds).toEqual(state.fieldIds);
  });

  it("an error says its own ID, else its code's message, else its words as they came", () => {
    const de = translator("de");
    expect(localizeError(de, { message: "Enter a phone number.", code: "INVALID_INPUT", messageId: { id: "fields.phoneRequired" } })).toBe(de("fields.phoneRequired"));
    expect(localizeError(de, new AppError("RESET_LINK_EXPIRED"))).toBe(de("errors.RESET_LINK_EXPIRED"));
    // An Action's deny reason is the tenant's own text: shown as written, even when it happens to be a catalog sentence.
    expect(localizeError(de, new AppError("RESET_DENIED", "Enter a phone number."))).toBe("Enter a phone number.");
  });

  it("the refusals a public page shows keep their English and carry their ID", async () => {
    const refusal = await nothingToSend().catch((e: AppError) => e);
    expect(refusal).toMatchObject({ code: "INVALID_INPUT", message: "Nothing is sent for this method: type the code.", messageId: { id: "refusals.nothingSent" } });
    expect(localizeError(translator("de"), refusal)).toBe("Bei dieser Methode wird nichts gesendet: Geben Sie den Code ein.");
    const field = catalogError("WRONG_CURRENT_PASSWORD", { id: "refusals.passwordNotRight" }, { field: "password" });
    expect(field).toMatchObject({ message: "That password is not right.", fields: { password: "That password is not right." }, fieldIds: { password: { id: "refusals.passwordNotRight" } } });
    expect(catalogError("INVALID_INPUT", { id: "refusals.passwordChangedMeanwhile" }, { status: 409 }).status).toBe(409);
  });

  it("a rate-limit refusal says the wait in the page's language", async () => {
    const form = new FormData();
    const limit = { allowed: false, remaining: 0, limit: 10, retryAfterSeconds: 150 };
    const state = await handleForm(z.object({}), form, () => refuseIfLimited(limit, undefined, { tooMany: "signInAttempts" }));
    expect(state).toMatchObject({ ok: false, code: "RATE_LIMITED", message: "Too many sign-in attempts. Try again in 3 minutes." });
    expect(localizeFormState(state, "de").message).toBe("Zu viele Anmeldeversuche. Versuchen Sie es in 3 Minuten erneut.");
    expect(localizeFormState({ ...state, messageId: { id: "limits.tooMany", values: { what: "codes", unit: "second", count: 1 } } }, "de").message).toBe("Zu viele Codes. Versuchen Sie es in 1 Sekunde erneut.");
    // Every language has a sentence for each kind and both units, without ICU left over.
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const what of ["attempts", "codes", "requests", "resetRequests", "signInAttempts", "signUps", "textMessages"] as const) {
        for (const [unit, count] of [["second", 1], ["second", 2], ["minute", 5], ["minute", 11]] as const) {
          const text = localizeError(t, { message: "", messageId: { id: "limits.tooMany", values: { what, unit, count } } });
          expect(text, `${locale} ${what} ${unit} ${count}`).not.toMatch(/[{}#]/);
        }
      }
    }
  });
});

describe("the security key form's name refusals (answered as JSON by the WebAuthn routes)", () => {
  it("carry the catalog ID of each message beside its English, so the page says them in its language", async () => {
    const nameOnly = z.object({ name: factorNameInput });
    const cases: Array<[unknown, string, string]> = [
      [{}, "fields.factorNameRequired", "Give it a name."],
      [{ name: " " }, "fields.factorNameExample", "Give it a name, like “YubiKey” or “Laptop”."],
      [{ name: "n".repeat(61) }, "fields.factorNameTooLong", "Names have at most 60 characters."],
      [{ name: "a\u0001" }, "fields.factorNameChars", "Use letters, digits and punctuation only."],
    ];
    for (const [input, id, english] of cases) {
      const parsed = nameOnly.safeParse(input);
      const { error } = await errorResponse(parsed.error).json();
      expect(error, id).toMatchObject({ code: "INVALID_INPUT", fields: { name: english }, fieldIds: { name: { id } } });
    }
  });
});
