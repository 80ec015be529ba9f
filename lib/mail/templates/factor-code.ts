import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type FactorCodeEmailInput = {
  code: string;
  expiresAt: Date;
  /**
   * `verify-email`: turning on email codes on the account page; `reset`: a second factor in a
   * password reset; `sign-in`: the proof a sign-in needs once the account is being guessed at.
   */
  purpose: "verify-email" | "reset" | "sign-in";
};

/** A one-time code sent by email. The body carries a live secret; the job drops it once sent. */
export function factorCodeEmail(input: FactorCodeEmailInput): TemplatedEmail {
  const cfg = config();
  const spaced = `${input.code.slice(0, 3)} ${input.code.slice(3)}`;
  const why = {
    reset: `Someone is resetting the password of your ${cfg.PRODUCT_NAME} account and was asked to confirm it is you.`,
    "verify-email": `Someone is turning on email codes for your ${cfg.PRODUCT_NAME} account and needs to confirm this address.`,
    "sign-in": `Someone is signing in to your ${cfg.PRODUCT_NAME} account with your password and was asked to confirm it is you.`,
  }[input.purpose];
  const notYou =
    input.purpose === "sign-in"
      ? "If this was not you, someone knows your password: do not share the code, and change your password now."
      : "If this was not you, do not share the code with anyone. Your account stays as it is.";
  return {
    template: "factor-code",
    subject: `Your ${cfg.PRODUCT_NAME} verification code`,
    ...renderEmail({
      title: "Your verification code",
      intro: `${why} Type this code on the page that asked for it: ${spaced}`,
      paragraphs: [
        `The code works once and expires at ${input.expiresAt.toUTCString()}.`,
        notYou,
      ],
      footer: `You receive this email because a verification code was requested for this address at ${cfg.PRODUCT_NAME}.`,
    }),
  };
}
