// Kept out of lib/i18n/index.ts: next/headers must not load in the worker or the custom server.
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { currentUser, sessionCookieName } from "@/lib/auth";
import { config } from "@/lib/config";
import { isDatabaseUnreachable } from "@/lib/errors";
import { interactionUiLocales } from "@/lib/oidc-bridge";
import { LOCALE_COOKIE, LOCALE_HEADERS, speaksOnlyEnglish } from "./cookie";
import type { Locale } from "./locales";
import { negotiateLocale } from "./negotiate";

const INTERACTION_UID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The language of this request's page, decided once per render (React's cache): English on the
 * pages that speak only English (the admin console, the account pages), else negotiateLocale over
 * the sign-in's `ui_locales`, the switcher's cookie, the signed-in user's locale, Accept-Language
 * and DEFAULT_LOCALE.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const h = await headers();
  if (speaksOnlyEnglish(h.get(LOCALE_HEADERS.path) ?? "/")) return "en";
  const jar = await cookies();
  const uid = h.get(LOCALE_HEADERS.interaction);
  return negotiateLocale({
    uiLocales: uid && INTERACTION_UID.test(uid) ? await uiLocalesOf(uid) : null,
    chosen: jar.get(LOCALE_COOKIE)?.value,
    userLocale: await signedInUserLocale(jar.has(sessionCookieName())),
    acceptLanguage: h.get("accept-language"),
    fallback: config().DEFAULT_LOCALE,
  });
});

/**
 * The sign-in's `ui_locales`. The root layout asks, so while the database is unreachable the page
 * is in the visitor's other languages rather than the empty shell a failing root layout gets.
 */
async function uiLocalesOf(uid: string): Promise<string | null> {
  try {
    return await interactionUiLocales(uid);
  } catch (error) {
    if (isDatabaseUnreachable(error)) return null;
    throw error;
  }
}

/** user_metadata.locale of the signed-in user (Auth0's profile convention); read only when a session cookie is there. */
async function signedInUserLocale(hasSession: boolean): Promise<string | null> {
  if (!hasSession) return null;
  const user = await currentUser().catch(() => null);
  const metadata = user?.userMetadata;
  const locale = metadata && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>).locale : undefined;
  return typeof locale === "string" ? locale : null;
}
