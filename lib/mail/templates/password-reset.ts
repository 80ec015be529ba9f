import { config } from "@/lib/config";
import { renderEmail } from "../render";
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
};

/** The reset link and code. The body carries live secrets; nothing of it is stored. */
export function passwordResetEmail(input: PasswordResetEmailInput): TemplatedEmail {
  const cfg = config();
  const minutes = Math.max(1, Math.round((input.expiresAt.getTime() - input.requestedAt.getTime()) / 60_000));
  const spacedCode = input.code ? `${input.code.slice(0, 3)} ${input.code.slice(3)}` : undefined;
  return {
    template: "password-reset",
    subject: `Reset your ${cfg.PRODUCT_NAME} password`,
    ...renderEmail({
      title: "Reset your password",
      intro: `Someone asked to reset the password of your ${cfg.PRODUCT_NAME} account on ${input.requestedAt.toUTCString()}, from IP address ${input.ip}. Use the button below to choose a new one.`,
      action: { label: "Reset your password", url: input.url },
      paragraphs: [
        ...(spacedCode
          ? [
              `Reading this on another device? Type this code in the browser where you asked for the reset: ${spacedCode}`,
              `The link and the code work once and expire in ${minutes} minutes (at ${input.expiresAt.toUTCString()}).`,
            ]
          : [`The link works once and expires in ${minutes} minutes (at ${input.expiresAt.toUTCString()}).`]),
        "If you did not ask for this, ignore this email: your password stays the same.",
      ],
      footer: `You receive this email because a password reset was requested for this address at ${cfg.PRODUCT_NAME}.`,
    }),
  };
}
