// Browser-safe, like policy.ts: what the new-password checklist shows for the value in the box.
// The browser has neither the dictionary nor the account's personal data, so those two rules are
// listed as "checked when you save" instead of a ✓ the server may then contradict.
import { checkPassword, type PasswordPolicySettings } from "./policy";

/** met ✓, unmet ✗, unchecked (nothing typed yet) and on-save (only the server can tell). */
export type ChecklistState = "met" | "unmet" | "unchecked" | "on-save";
export type ChecklistRule = {
  code: string;
  message: string;
  state: ChecklistState;
  /** The rule's numbers and character types, for saying it in another language (lib/i18n/password-rules). */
  params?: Record<string, number | string>;
  items?: { code: string }[];
};
/** Who owns the password: the person typing it, or a user an admin is acting for. */
export type PasswordAudience = "self" | "other";

const SERVER_ONLY = new Set(["dictionary", "personal_info"]);

const PERSONAL_MESSAGES: Record<PasswordAudience, string> = {
  self: "Does not contain your name, username, phone number or the part of your email before the @",
  other: "Does not contain the user's name, username, phone number or the part of their email before the @",
};

/** The checklist for a value typed in the browser. */
export function liveChecklist(plain: string, settings: PasswordPolicySettings, audience: PasswordAudience = "self"): ChecklistRule[] {
  const { rules } = checkPassword(plain, settings, {}, { isCommon: () => false });
  return rules.map((rule) => ({
    code: rule.code,
    message: ruleMessage(rule.code, rule.message, audience),
    state: plain.length === 0 ? "unchecked" : SERVER_ONLY.has(rule.code) ? "on-save" : rule.verified ? "met" : "unmet",
    ...localizable(rule),
  }));
}

/** The checklist for the server's verdict on a submitted value (every rule known). */
export function serverChecklist(
  rules: readonly { code: string; message: string; verified: boolean; params?: Record<string, number | string>; items?: { code: string }[] }[],
  audience: PasswordAudience = "self",
): ChecklistRule[] {
  return rules.map((rule) => ({ code: rule.code, message: ruleMessage(rule.code, rule.message, audience), state: rule.verified ? "met" : "unmet", ...localizable(rule) }));
}

function localizable(rule: { params?: Record<string, number | string>; items?: { code: string }[] }): Pick<ChecklistRule, "params" | "items"> {
  return {
    ...(rule.params ? { params: rule.params } : {}),
    ...(rule.items ? { items: rule.items.map((i) => ({ code: i.code })) } : {}),
  };
}

function ruleMessage(code: string, message: string, audience: PasswordAudience): string {
  return code === "personal_info" ? PERSONAL_MESSAGES[audience] : message;
}
