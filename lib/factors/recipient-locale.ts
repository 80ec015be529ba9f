import { prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { messageLocaleFor, type Locale } from "@/lib/i18n";

/** The language of a code sent to a user: theirs (`user_metadata.locale`), else the request's. */
export async function recipientLocale(userId: string, ctx?: Pick<RequestContext, "language">): Promise<Locale> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { userMetadata: true } });
  return messageLocaleFor(user?.userMetadata, ctx?.language);
}
