import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type FactorCodeEmailInput = {
  code: string;
  expiresAt: Date;
  /** `verify-email`: turning on email codes on the account page; `reset`: a second factor in a password reset. */
  purpose: "verify-email" | "reset";
};

/** A one-time code sent by email. The body carries a live secret; the job drops it once sent. */
export function factorCodeEmail(input: FactorCodeEmailInput): TemplatedEmail {
  const cfg = config();
  const spaced = `${input.code.slice(0, 3)} ${input.code.slice(3)}`;
  const why =
    input.purpose === "reset"
      ? `Someone is resetting the password of your ${cfg.PRODUCT_NAME} account and was asked to confirm it is you.`
      : `Someone is turning on email codes for your ${cfg.PRODUCT_NAME} account and needs to confirm this address.`;
  return {
    template: "factor-code",
    subject: `Your ${cfg.PRODUCT_NAME} verification code`,
    ...renderEmail({
      title: "Your verification code",
      intro: `${why} Type this code on the page that asked for it: ${spaced}`,
      paragraphs: [
        `The code works once and expires at ${input.expiresAt.toUTCString()}.`,
        "If this was not you, do not share the code with anyone. Your account stays as it is.",
      ],
      footer: `You receive this email because a verification code was requested for this address at ${cfg.PRODUCT_NAME}.`,
    }),
  };
}
