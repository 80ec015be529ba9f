import { config } from "@/lib/config";

/**
 * The SMS text. The last line is the WebOTP format (`@domain #code`), so a phone's browser can
 * offer to fill the code in on our site, and only there.
 */
export function smsCodeText(code: string): string {
  const cfg = config();
  return `${code} is your ${cfg.PRODUCT_NAME} verification code. Do not share it.\n\n@${cfg.WEBAUTHN_RP_ID} #${code}`;
}
