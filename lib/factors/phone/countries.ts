import { config } from "@/lib/config";

/**
 * Whether an SMS may go to this E.164 number: its calling code (or a longer prefix) is in
 * SMS_ALLOWED_COUNTRY_CODES. Unset is allowed only with the dev provider, where nothing is billed.
 */
export function smsCountryAllowed(number: string): boolean {
  const allowed = config().SMS_ALLOWED_COUNTRY_CODES;
  if (allowed === undefined || allowed === "*") return true;
  return allowed.some((prefix) => number.startsWith(prefix));
}
