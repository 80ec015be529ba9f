import { describe, expect, it } from "vitest";
import { z } from "zod";
import { factorNameInput, phoneNumberInput, sixDigitCode } from "@/lib/factors/schemas";
import { changeOwnPasswordSchema, signUpSchema } from "@/lib/users/schemas";
import { NAME_MESSAGES } from "@/app/account/security/name-messages";
import { LOCALES } from "./locales";
import { messagesOf as messagesOfLocale } from "./messages";
import { localizeFormState } from "./localize";

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
  const messages = [...new Set([...signUpMessages(), ...accountMessages()])];

  it("reads the schemas' messages from the catalog, so each one has an ID", () => {
    expect(messages.length).toBeGreaterThanOrEqual(14);
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s says every field message of the sign-up and account forms in its own words", (locale) => {
    for (const message of messages) {
      const state = localizeFormState({ ok: false, code: "INVALID_INPUT", message: "Some fields are missing or not valid.", fields: { email: message } }, locale);
      expect(state.fields?.email, `${locale}: ${message}`).not.toBe(message);
      expect(state.message).not.toBe("Some fields are missing or not valid.");
    }
  });

  it("leaves English as the schema wrote it", () => {
    const state = { ok: false, code: "INVALID_INPUT", message: "Some fields are missing or not valid.", fields: { email: messages[0]! } };
    expect(localizeFormState(state, "en")).toBe(state);
  });
});

describe("the security key form's name refusals", () => {
  it("are the English of the catalog IDs the form maps them to, and every message the name's schema gives", () => {
    const fields = messagesOfLocale("en").fields as Record<string, string>;
    for (const [english, id] of Object.entries(NAME_MESSAGES)) expect(fields[id.replace("fields.", "")], id).toBe(english);
    const given = messagesOf(z.object({ name: factorNameInput }), [{}, { name: " " }, { name: "n".repeat(61) }, { name: "a\u0001" }]);
    expect(given.sort()).toEqual(Object.keys(NAME_MESSAGES).sort());
  });
});
