import { prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { messageLocaleFor, type Locale } from "@/lib/i18n";
import { timeZoneOf } from "@/lib/mail";

export type Recipient = { locale: Locale; timeZone?: string };

/** How to write to a user: in their language (`user_metadata.locale`, else the request's) and their time zone (`zoneinfo`). */
export async function recipientOf(userId: string, ctx?: Pick<RequestContext, "language">): Promise<Recipient> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { userMetadata: true } });
  const timeZone = timeZoneOf(user?.userMetadata);
  return { locale: messageLocaleFor(user?.userMetadata, ctx?.language), ...(timeZone ? { timeZone } : {}) };
}

/** The language of a code sent to a user: theirs (`user_metadata.locale`), else the request's. */
export async function recipientLocale(userId: string, ctx?: Pick<RequestContext, "language">): Promise<Locale> {
  return (await recipientOf(userId, ctx)).locale;
}
