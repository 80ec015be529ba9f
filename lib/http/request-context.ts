import { config } from "@/lib/config";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n";
import { clientIp } from "./client-ip";

/** What the domain needs to know about the request that caused a change (logs, rate limits, Actions). */
export type RequestContext = {
  ip: string;
  userAgent?: string;
  hostname?: string;
  /**
   * The request's language, negotiated as its pages are (the switcher's cookie, Accept-Language,
   * DEFAULT_LOCALE): Actions see it as `event.request.language`, and emails it causes use it when
   * their recipient has no `locale` of their own.
   */
  language?: string;
  method: string;
};

export function requestContextFrom(headers: Headers, method = "POST"): RequestContext {
  return {
    ip: clientIp(headers),
    userAgent: headers.get("user-agent")?.slice(0, 512) || undefined,
    hostname: headers.get("host")?.split(":")[0]?.slice(0, 255) || undefined,
    language: negotiateLocale({ chosen: chosenLocale(headers.get("cookie")), acceptLanguage: headers.get("accept-language"), fallback: config().DEFAULT_LOCALE }),
    method,
  };
}

/** The switcher's cookie, read from a raw Cookie header (route handlers and the worker's callers have no cookie jar). */
function chosenLocale(cookieHeader: string | null): string | undefined {
  if (!cookieHeader || cookieHeader.length > 16_384) return undefined;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.split("=", 2);
    if (name?.trim() === LOCALE_COOKIE) return value?.trim();
  }
  return undefined;
}
