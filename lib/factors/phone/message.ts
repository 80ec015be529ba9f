import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";

/**
 * The SMS text, in the recipient's language (@default DEFAULT_LOCALE). The last line is the WebOTP
 * format (`@domain #code`), so a phone's browser can offer to fill the code in on our site, and
 * only there; it is never translated.
 */
export function smsCodeText(code: string, locale?: Locale): string {
  const cfg = config();
  const text = translator(locale ?? cfg.DEFAULT_LOCALE)("email.sms", { code, product: cfg.PRODUCT_NAME });
  return `${text}\n\n@${cfg.WEBAUTHN_RP_ID} #${code}`;
}
