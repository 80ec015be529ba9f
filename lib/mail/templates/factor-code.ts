import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
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
  /** The recipient's language (lib/i18n messageLocaleFor). @default DEFAULT_LOCALE */
  locale?: Locale;
};

const WHY = { reset: "email.codeWhyReset", "verify-email": "email.codeWhyVerify", "sign-in": "email.codeWhySignIn" } as const;

/** A one-time code sent by email. The body carries a live secret; the job drops it once sent. */
export function factorCodeEmail(input: FactorCodeEmailInput): TemplatedEmail {
  const product = input.brand?.name ?? config().PRODUCT_NAME;
  const locale = input.locale ?? config().DEFAULT_LOCALE;
  const t = translator(locale);
  const spaced = `${input.code.slice(0, 3)} ${input.code.slice(3)}`;
  const lifetime = formatDuration(input.expiresAt.getTime() - (input.issuedAt ?? new Date()).getTime(), locale);
  return {
    template: "factor-code",
    subject: t("email.codeSubject", { product }),
    ...renderEmail({
      title: t("email.codeTitle"),
      brand: input.brand,
      locale,
      code: { label: t("email.codeTitle"), value: spaced },
      intro: t(WHY[input.purpose], { product }),
      paragraphs: [
        t("email.codeExpiry", { lifetime, expires: formatEmailTime(input.expiresAt, input.timeZone, locale) }),
        input.purpose === "sign-in" ? t("email.codeNotYouSignIn") : t("email.codeNotYou"),
      ],
      footer: t("email.codeFooter", { product }),
    }),
  };
}
