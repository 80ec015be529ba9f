import { AppError } from "@/lib/errors";
import type { PasswordPolicyOutcome } from "@/lib/passwords";

const HISTORY_MESSAGE = "Choose a password you have not used recently.";

/**
 * The error for a refused password: the first failing rule next to the field, every rule for the
 * live checklist, and the Auth0 failure kind so the APIs can answer in Auth0's words.
 */
export function passwordPolicyError(outcome: PasswordPolicyOutcome): AppError {
  if (outcome.failure === "history") {
    return new AppError("PASSWORD_POLICY", HISTORY_MESSAGE, {
      fields: { password: HISTORY_MESSAGE },
      data: { rules: [...outcome.rules, { code: "history", message: HISTORY_MESSAGE, verified: false }], reasonCode: "history" },
    });
  }
  const firstFailing = outcome.rules.find((r) => !r.verified);
  const message = firstFailing ? ruleSentence(firstFailing.code, firstFailing.message) : "The password does not meet the policy.";
  return new AppError("PASSWORD_POLICY", message, {
    fields: { password: message },
    data: { rules: outcome.rules, reasonCode: outcome.failure ?? "strength" },
  });
}

function ruleSentence(code: string, message: string): string {
  if (code === "dictionary") return "This password is too common. Choose a less predictable one.";
  if (code === "personal_info") return "The password contains personal data: a name, username, phone number or the part of the email before the @.";
  return `The password needs: ${message.charAt(0).toLowerCase()}${message.slice(1)}.`;
}
