import { config } from "@/lib/config";
import { formatEmailTime } from "../format";
import { renderEmail, type EmailBrand } from "../render";
import type { TemplatedEmail } from "./types";

export type PasswordChangedEmailInput = {
  changedAt: Date;
  /** Client IP of the request that changed the password. */
  ip?: string;
  reason: "signup" | "reset" | "self" | "admin" | "api";
  /** The recipient's IANA time zone, when known. @default UTC */
  timeZone?: string;
  brand?: EmailBrand;
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
  const product = input.brand?.name ?? cfg.PRODUCT_NAME;
  const when = formatEmailTime(input.changedAt, input.timeZone);
  const from = input.ip ? ` (request from ${input.ip})` : "";
  const subject = `Your ${product} password was changed`;
  return {
    template: "password-changed",
    subject,
    ...renderEmail({
      title: "Your password was changed",
      brand: input.brand,
      intro: `The password of your ${product} account was changed ${HOW[input.reason]} on ${when}${from}.`,
      paragraphs: [
        "If this was you, there is nothing to do.",
        "If it was not you, reset your password now with the link in this email and tell your administrator: someone else may have access to your account.",
      ],
      action: { label: "Reset your password", url: `${cfg.PUBLIC_URL}/reset` },
      footer: `You receive this security notice because the password of your ${product} account changed. It cannot be turned off.`,
    }),
  };
}
