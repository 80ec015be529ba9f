import { liveSessionFromCookieHeader, type LiveSession } from "@/lib/auth";
import { auth0UserId } from "@/lib/users";

export type RekeySession = { accountId: string; userId: string; sessionVersion: number; signedInAtMs: number; amr: string[]; user?: LiveSession["user"] };

/**
 * The Rekey session (next-auth's cookie, currentUser()'s rules) behind a provider request, or null;
 * `withUser`: with the user's row, read by the same query (where the post-login Actions may run).
 */
export async function rekeySessionOf(cookieHeader: string | undefined, options: { withUser?: boolean } = {}): Promise<RekeySession | null> {
  const session = await liveSessionFromCookieHeader(cookieHeader, options);
  if (!session) return null;
  return { ...session, accountId: auth0UserId(session.userId) };
}

const sessionsByRequest = new WeakMap<object, Promise<RekeySession | null>>();

/**
 * The Rekey session behind one provider request, checked once in it: the login check, the account
 * and the existing grant each want it. A second request checks again (revocation is seen at once).
 */
export function rekeySessionForRequest(ctx: { req: { headers: { cookie?: string } } }): Promise<RekeySession | null> {
  let session = sessionsByRequest.get(ctx);
  if (!session) sessionsByRequest.set(ctx, (session = rekeySessionOf(ctx.req.headers.cookie)));
  return session;
}
