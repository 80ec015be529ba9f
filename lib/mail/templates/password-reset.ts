import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type PasswordResetEmailInput = {
  /** The one-time link (`${PUBLIC_URL}/reset/verify?ticket=…`). */
  url: string;
  /** Lifetime of the link, for the text. */
  expiresInMinutes: number;
};

/** The reset link. The body carries a live secret; the send job drops it once delivered. */
export function passwordResetEmail(input: PasswordResetEmailInput): TemplatedEmail {
  const cfg = config();
  return {
    template: "password-reset",
    subject: `Reset your ${cfg.PRODUCT_NAME} password`,
    ...renderEmail({
      title: "Reset your password",
      intro: `Someone asked to reset the password of your ${cfg.PRODUCT_NAME} account. Use the button below to choose a new one.`,
      action: { label: "Reset your password", url: input.url },
      paragraphs: [
        `The link works once and expires in ${input.expiresInMinutes} minutes.`,
        "If you did not ask for this, ignore this email: your password stays the same.",
      ],
      footer: `You receive this email because a password reset was requested for this address at ${cfg.PRODUCT_NAME}.`,
    }),
  };
}
