import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
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
  /** The recipient's language (lib/i18n messageLocaleFor). @default DEFAULT_LOCALE */
  locale?: Locale;
};

/** The reset link and code. The body carries live secrets; nothing of it is stored. */
export function passwordResetEmail(input: PasswordResetEmailInput): TemplatedEmail {
  const product = input.brand?.name ?? config().PRODUCT_NAME;
  const locale = input.locale ?? config().DEFAULT_LOCALE;
  const t = translator(locale);
  const lifetime = formatDuration(input.expiresAt.getTime() - input.requestedAt.getTime(), locale);
  const expires = formatEmailTime(input.expiresAt, input.timeZone, locale);
  const spacedCode = input.code ? `${input.code.slice(0, 3)} ${input.code.slice(3)}` : undefined;
  const asked = { product, when: formatEmailTime(input.requestedAt, input.timeZone, locale), ip: input.ip };
  return {
    template: "password-reset",
    subject: t("email.resetSubject", { product }),
    ...renderEmail({
      title: t("email.resetTitle"),
      brand: input.brand,
      locale,
      ...(spacedCode ? { code: { label: t("email.resetCodeLabel"), value: spacedCode } } : {}),
      intro: spacedCode ? t("email.resetIntroCode", asked) : t("email.resetIntroLink", asked),
      action: { label: t("email.resetAction"), url: input.url },
      paragraphs: [
        spacedCode ? t("email.resetExpiryCode", { lifetime, expires }) : t("email.resetExpiryLink", { lifetime, expires }),
        t("email.resetIgnore"),
      ],
      footer: t("email.resetFooter", { product }),
    }),
  };
}
