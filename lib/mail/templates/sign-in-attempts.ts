import { config } from "@/lib/config";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type SignInAttemptsEmailInput = { at: Date };

/**
 * Auth0's "blocked account" notice, Rekey's way: the account is not blocked (that would let any
 * stranger lock its owner out); signing in now asks for one more proof. Sent at most once per
 * lockout window, never per attempt.
 */
export function signInAttemptsEmail(input: SignInAttemptsEmailInput): TemplatedEmail {
  const cfg = config();
  return {
    template: "sign-in-attempts",
    subject: `Someone is trying to sign in to your ${cfg.PRODUCT_NAME} account`,
    ...renderEmail({
      title: "Many sign-in attempts on your account",
      intro: `There have been many failed attempts to sign in to your ${cfg.PRODUCT_NAME} account (as of ${input.at.toUTCString()}). To protect it, signing in now asks for one more proof that it is you, such as a code we email you or one from your authenticator app.`,
      action: { label: "Change your password", url: `${cfg.PUBLIC_URL}/reset` },
      paragraphs: [
        "Your account is not blocked, and nobody has signed in unless they also had that proof.",
        "If your password is short or used on another site, change it now with the button above.",
      ],
      footer: `You receive this security notice because of the sign-in attempts on your ${cfg.PRODUCT_NAME} account. We send it at most once an hour.`,
    }),
  };
}
