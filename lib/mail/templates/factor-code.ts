import { config } from "@/lib/config";
import { formatDuration, formatEmailTime } from "../format";
import { renderEmail, type EmailBrand } from "../render";
import type { TemplatedEmail } from "./types";

export type FactorCodeEmailInput = {
  code: string;
  expiresAt: Date;
  /**
   * `verify-email`: turning on email codes on the account page; `reset`: a second factor in a
   * password reset; `sign-in`: the proof a sign-in needs once the account is being guessed at.
   */
  purpose: "verify-email" | "reset" | "sign-in";
  /** @default now */
  issuedAt?: Date;
  /** The recipient's IANA time zone, when known. @default UTC */
  timeZone?: string;
  brand?: EmailBrand;
};

/** A one-time code sent by email. The body carries a live secret; the job drops it once sent. */
export function factorCodeEmail(input: FactorCodeEmailInput): TemplatedEmail {
  const product = input.brand?.name ?? config().PRODUCT_NAME;
  const spaced = `${input.code.slice(0, 3)} ${input.code.slice(3)}`;
  const lifetime = formatDuration(input.expiresAt.getTime() - (input.issuedAt ?? new Date()).getTime());
  const why = {
    reset: `Someone is resetting the password of your ${product} account and was asked to confirm it is you.`,
    "verify-email": `Someone is turning on email codes for your ${product} account and needs to confirm this address.`,
    "sign-in": `Someone is signing in to your ${product} account with your password and was asked to confirm it is you.`,
  }[input.purpose];
  const notYou =
    input.purpose === "sign-in"
      ? "If this was not you, someone knows your password: do not share the code, and change your password now."
      : "If this was not you, do not share the code with anyone. Your account stays as it is.";
  return {
    template: "factor-code",
    subject: `Your ${product} verification code`,
    ...renderEmail({
      title: "Your verification code",
      brand: input.brand,
      code: { label: "Your verification code", value: spaced },
      intro: `${why} Type the code above on the page that asked for it.`,
      paragraphs: [
        `The code works once and expires in ${lifetime}, at ${formatEmailTime(input.expiresAt, input.timeZone)}.`,
        notYou,
      ],
      footer: `You receive this email because a verification code was requested for this address at ${product}.`,
    }),
  };
}
