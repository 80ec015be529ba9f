import { config } from "@/lib/config";
import { formatDuration, formatEmailTime } from "../format";
import { renderEmail, type EmailBrand } from "../render";
import type { TemplatedEmail } from "./types";

export type PasswordResetEmailInput = {
  /** The one-time link (`${PUBLIC_URL}/reset/verify?ticket=…`). */
  url: string;
  /**
   * The short code for the tab that asked (typed there when mail is read on another device).
   * Absent when no tab asked (an API call, an admin): nobody could type it anywhere.
   */
  code?: string;
  expiresAt: Date;
  requestedAt: Date;
  /** IP address the request came from, so the recipient can tell whether it was them. */
  ip: string;
  /** The recipient's IANA time zone, when known. @default UTC */
  timeZone?: string;
  brand?: EmailBrand;
};

/** The reset link and code. The body carries live secrets; nothing of it is stored. */
export function passwordResetEmail(input: PasswordResetEmailInput): TemplatedEmail {
  const product = input.brand?.name ?? config().PRODUCT_NAME;
  const lifetime = formatDuration(input.expiresAt.getTime() - input.requestedAt.getTime());
  const expires = formatEmailTime(input.expiresAt, input.timeZone);
  const spacedCode = input.code ? `${input.code.slice(0, 3)} ${input.code.slice(3)}` : undefined;
  return {
    template: "password-reset",
    subject: `Reset your ${product} password`,
    ...renderEmail({
      title: "Reset your password",
      brand: input.brand,
      ...(spacedCode ? { code: { label: "Your reset code", value: spacedCode } } : {}),
      intro:
        `Someone asked to reset the password of your ${product} account on ${formatEmailTime(input.requestedAt, input.timeZone)}, from IP address ${input.ip}. ` +
        (spacedCode
          ? "Type the code above in the browser where you asked for the reset, or open the link to choose a new password."
          : "Open the link to choose a new password."),
      action: { label: "Reset your password", url: input.url },
      paragraphs: [
        spacedCode
          ? `The link and the code work once and expire in ${lifetime}, at ${expires}.`
          : `The link works once and expires in ${lifetime}, at ${expires}.`,
        "If you did not ask for this, ignore this email: your password stays the same.",
      ],
      footer: `You receive this email because a password reset was requested for this address at ${product}.`,
    }),
  };
}
