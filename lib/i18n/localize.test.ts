import { describe, expect, it } from "vitest";
import { signUpSchema } from "@/lib/users/schemas";
import { LOCALES } from "./locales";
import { localizeFormState } from "./localize";

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
  const out = new Set<string>();
  for (const input of bad) {
    const result = signUpSchema.safeParse(input);
    if (!result.success) for (const issue of result.error.issues) out.add(issue.message);
  }
  return [...out];
}

describe("a sign-up refusal in the page's language", () => {
  const messages = signUpMessages();

  it("reads the schema's messages from the catalog, so each one has an ID", () => {
    expect(messages.length).toBeGreaterThanOrEqual(8);
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s says every field message of the sign-up form in its own words", (locale) => {
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
