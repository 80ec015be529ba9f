import { getServerSession } from "next-auth";
import { writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
import { authOptions } from "./options";

/** next-auth's session cookie names (the __Secure- one over HTTPS); JWT sessions end when it goes. */
export const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;

/** Logs the sign-out of whoever the current session belongs to (`slo`). */
export async function recordSignOut(ctx: RequestContext): Promise<void> {
  const session = await getServerSession(authOptions());
  if (session?.uid) await writeLog({ type: "slo", userId: session.uid, userName: session.user?.email ?? undefined, ip: ctx.ip, userAgent: ctx.userAgent });
}
