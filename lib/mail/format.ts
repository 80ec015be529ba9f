import { translator, type Locale } from "@/lib/i18n";

/** A time zone name the runtime knows (`Europe/Paris`), or undefined: a bad stored value must not break an email. */
export function knownTimeZone(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return undefined;
  }
}

/**
 * "2 January 2026 at 04:04 CET": in the recipient's time zone when known, else UTC; the zone is
 * always named, so a reader elsewhere is never misled by a bare clock time.
 */
export function formatEmailTime(date: Date, timeZone?: string, locale: Locale = "en"): string {
  const zone = knownTimeZone(timeZone) ?? "UTC";
  // English keeps the day-month order of en-GB ("2 January 2026"), readable on both sides of the Atlantic.
  const tag = locale === "en" ? "en-GB" : locale;
  return `${new Intl.DateTimeFormat(tag, { dateStyle: "long", timeStyle: "short", timeZone: zone }).format(date)} ${zoneName(date, zone)}`;
}

function zoneName(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" }).formatToParts(date).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

const PLURAL = new Intl.PluralRules("en");

/** "1 minute", "30 minutes", "2 hours", "1 day": a lifetime rounded to its largest whole unit. */
export function formatDuration(milliseconds: number, locale: Locale = "en"): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  const [count, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, "day"] : minutes % 60 === 0 && minutes >= 120 ? [minutes / 60, "hour"] : [minutes, "minute"];
  if (locale !== "en") return translator(locale)(`email.${unit as "day" | "hour" | "minute"}s`, { count });
  return `${count} ${PLURAL.select(count) === "one" ? unit : `${unit}s`}`;
}

/** The user's time zone from `user_metadata.zoneinfo` (the OpenID Connect claim's name), when valid. */
export function timeZoneOf(userMetadata: unknown): string | undefined {
  if (!userMetadata || typeof userMetadata !== "object") return undefined;
  return knownTimeZone((userMetadata as { zoneinfo?: unknown }).zoneinfo);
}
