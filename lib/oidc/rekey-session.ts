import { sessionFromCookieHeader, type CurrentUser } from "@/lib/auth";
import { auth0UserId } from "@/lib/users";

/** `user`: the row the session check read in this request (live, not blocked), reused by the post-login step. */
export type RekeySession = { accountId: string; userId: string; sessionVersion: number; signedInAtMs: number; amr: string[]; user: CurrentUser };

/** The Rekey session (next-auth's cookie, currentUser()'s rules) behind a provider request, or null. */
export async function rekeySessionOf(cookieHeader: string | undefined): Promise<RekeySession | null> {
  const session = await sessionFromCookieHeader(cookieHeader);
  if (!session) return null;
  const { user } = session;
  return { accountId: auth0UserId(user.id), userId: user.id, sessionVersion: user.sessionVersion, signedInAtMs: session.signedInAtMs, amr: session.amr, user };
}
