import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type PasswordChangedEmailInput = {
  changedAt: Date;
  /** Client IP of the request that changed the password. */
  ip?: string;
  reason: "signup" | "reset" | "self" | "admin" | "api";
};

const HOW: Record<PasswordChangedEmailInput["reason"], string> = {
  signup: "when the account was created",
  reset: "with a password reset link",
  self: "from the account page",
  admin: "by an administrator",
  api: "through the Management API",
};

/** Notice sent after every password write, so a takeover does not go unnoticed. */
export function passwordChangedEmail(input: PasswordChangedEmailInput): TemplatedEmail {
  const cfg = config();
  const when = input.changedAt.toUTCString();
  const from = input.ip ? ` (request from ${input.ip})` : "";
  const subject = `Your ${cfg.PRODUCT_NAME} password was changed`;
  return {
    template: "password-changed",
    subject,
    ...renderEmail({
      title: "Your password was changed",
      intro: `The password of your ${cfg.PRODUCT_NAME} account was changed ${HOW[input.reason]} on ${when}${from}.`,
      paragraphs: [
        "If this was you, there is nothing to do.",
        "If it was not you, reset your password now with the button above and tell your administrator: someone else may have access to your account.",
      ],
      action: { label: "Reset your password", url: `${cfg.PUBLIC_URL}/reset` },
      footer: `You receive this security notice because the password of your ${cfg.PRODUCT_NAME} account changed. It cannot be turned off.`,
    }),
  };
}
