import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
import { formatEmailTime } from "../format";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type SignInAttemptsEmailInput = {
  at: Date;
  /** The recipient's IANA time zone, when known. @default UTC */
  timeZone?: string;
  /** The recipient's language (lib/i18n messageLocaleFor). @default DEFAULT_LOCALE */
  locale?: Locale;
};

/**
 * Auth0's "blocked account" notice, Rekey's way: the account is not blocked (that would let any
 * stranger lock its owner out); signing in now asks for one more proof. Sent at most once per
 * lockout window, never per attempt.
 */
export function signInAttemptsEmail(input: SignInAttemptsEmailInput): TemplatedEmail {
  const cfg = config();
  const product = cfg.PRODUCT_NAME;
  const locale = input.locale ?? cfg.DEFAULT_LOCALE;
  const t = translator(locale);
  return {
    template: "sign-in-attempts",
    subject: t("email.attemptsSubject", { product }),
    ...renderEmail({
      title: t("email.attemptsTitle"),
      locale,
      intro: t("email.attemptsIntro", { product, when: formatEmailTime(input.at, input.timeZone, locale) }),
      action: { label: t("email.attemptsAction"), url: `${cfg.PUBLIC_URL}/reset` },
      paragraphs: [t("email.attemptsNotBlocked"), t("email.attemptsChange")],
      footer: t("email.attemptsFooter", { product }),
    }),
  };
}
