import type { NextRequest } from "next/server";
import { authOptions } from "../../auth";
import { APP_URL, CLIENT_ID, ISSUER } from "../../settings";

/**
 * Sign-out ends both sessions: this app's (its cookie) and Rekey's, through Auth0's logout
 * endpoint (`/v2/logout?client_id&returnTo`), which returns to this app's registered logout URL.
 * A POST from this app's own page only: a cross-site form cannot sign anyone out.
 */
export async function POST(request: NextRequest) {
  if (request.headers.get("origin") !== new URL(APP_URL).origin) return new Response("Forbidden", { status: 403 });
  const sessionCookie = authOptions.cookies!.sessionToken!.name;
  const logout = new URL("v2/logout", ISSUER);
  logout.searchParams.set("client_id", CLIENT_ID);
  logout.searchParams.set("returnTo", `${APP_URL}/`);
  const response = new Response(null, { status: 303, headers: { Location: logout.href } });
  response.headers.append("Set-Cookie", `${sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
  return response;
}
