import { config } from "@/lib/config";
import { matchLocale, type Locale } from "./locales";

/** A user's own language: `user_metadata.locale` (Auth0's profile convention), when it names a supported one. */
export function userLocaleOf(userMetadata: unknown): Locale | undefined {
  if (!userMetadata || typeof userMetadata !== "object" || Array.isArray(userMetadata)) return undefined;
  return matchLocale((userMetadata as { locale?: unknown }).locale);
}

/**
 * The language of a message for a person: their own (`user_metadata.locale`), else the language of
 * the request that caused it (negotiated when it was made, kept with the job), else the tenant's.
 */
export function messageLocaleFor(userMetadata: unknown, requestLanguage?: string | null): Locale {
  return userLocaleOf(userMetadata) ?? matchLocale(requestLanguage) ?? config().DEFAULT_LOCALE;
}
