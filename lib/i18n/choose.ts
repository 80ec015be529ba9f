import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/return-path";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { LOCALE_COOKIE, LOCALE_COOKIE_SECONDS } from "./cookie";
import { isLocale, type Locale } from "./locales";

export const chooseLocaleSchema = z.object({
  locale: z.string({ error: "Choose a language." }).max(64, "Choose a language from the list."),
  /** The page the switcher was on (path and query), where the browser goes back to. */
  return: z.string().max(2048).optional(),
});

/**
 * The switcher's choice: a language from LOCALES and the page to go back to. Only a path on this
 * site is followed (safeReturnPath: the browser's own parser, so `//evil.example` and `/\evil`
 * fall back to `/`); any other value is not an open redirect but the home page.
 */
export function chooseLocale(input: z.infer<typeof chooseLocaleSchema>): { locale: Locale; location: string; cookie: { name: string; value: string; options: { path: "/"; sameSite: "lax"; httpOnly: true; secure: boolean; maxAge: number } } } {
  if (!isLocale(input.locale)) throw new AppError("INVALID_INPUT", "Choose a language from the list.", { fields: { locale: "Choose a language from the list." } });
  return {
    locale: input.locale,
    location: safeReturnPath(input.return, "/"),
    cookie: {
      name: LOCALE_COOKIE,
      value: input.locale,
      options: { path: "/", sameSite: "lax", httpOnly: true, secure: config().PUBLIC_URL.startsWith("https://"), maxAge: LOCALE_COOKIE_SECONDS },
    },
  };
}
