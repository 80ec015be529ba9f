import type { JWT } from "next-auth/jwt";
import { logContext, writeLog } from "@/lib/logs";
import type { RequestContext } from "@/lib/http";
import { endSession } from "@/lib/sessions";
import { decodeSessionToken } from "./session-token";

/** next-auth's session cookie names (the __Secure- one over HTTPS). */
export const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;

/**
 * Ends the session a token belongs to, on the server: a copy of the cookie is refused from now on,
 * while the user's other sessions go on. Logs `slo` when a live session was ended.
 */
export async function endTokenSession(token: JWT | null | undefined, ctx?: RequestContext): Promise<void> {
  if (typeof token?.sid !== "string" || typeof token.uid !== "string") return;
  if (!(await endSession(token.sid, token.uid))) return;
  await writeLog({ type: "slo", ...logContext(ctx, { userId: token.uid, userName: token.email ?? undefined }) });
}

/** Sign-out by /logout: the session of the cookie the browser sent. */
export async function recordSignOut(sessionCookieValue: string | undefined, ctx: RequestContext): Promise<void> {
  await endTokenSession(await decodeSessionToken(sessionCookieValue), ctx);
}
