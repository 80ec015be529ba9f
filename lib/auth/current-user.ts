import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { findUserById } from "@/lib/users";
import { authOptions } from "./options";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/**
 * The signed-in user, or null. A session is honoured only while its session version matches the
 * user's: every password change (reset, admin, API, own) and every block moves it, ending every
 * older session at once, even though sessions are stateless JWTs.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions());
  if (!session?.uid) return null;
  const user = await findUserById(session.uid);
  if (!user || user.blocked || user.sessionVersion !== session.sv) return null;
  return user;
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(returnTo = "/account"): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For admin pages: an admin, a redirect to sign-in, or a 403 page. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser("/admin");
  if (user.role !== "admin") redirect("/forbidden");
  return user;
}
