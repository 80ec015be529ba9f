import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
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
  /** The recipient's language (lib/i18n messageLocaleFor). @default DEFAULT_LOCALE */
  locale?: Locale;
};

const HOW = {
  signup: "email.howSignup",
  reset: "email.howReset",
  self: "email.howSelf",
  admin: "email.howAdmin",
  api: "email.howApi",
} as const satisfies Record<PasswordChangedEmailInput["reason"], string>;

/** Notice sent after every password write, so a takeover does not go unnoticed. */
export function passwordChangedEmail(input: PasswordChangedEmailInput): TemplatedEmail {
  const cfg = config();
  const product = input.brand?.name ?? cfg.PRODUCT_NAME;
  const locale = input.locale ?? cfg.DEFAULT_LOCALE;
  const t = translator(locale);
  const facts = { product, how: t(HOW[input.reason]), when: formatEmailTime(input.changedAt, input.timeZone, locale) };
  return {
    template: "password-changed",
    subject: t("email.changedSubject", { product }),
    ...renderEmail({
      title: t("email.changedTitle"),
      brand: input.brand,
      locale,
      intro: input.ip ? t("email.changedIntroIp", { ...facts, ip: input.ip }) : t("email.changedIntro", facts),
      paragraphs: [t("email.changedWasYou"), t("email.changedNotYou")],
      action: { label: t("email.resetAction"), url: `${cfg.PUBLIC_URL}/reset` },
      footer: t("email.changedFooter", { product }),
    }),
  };
}
