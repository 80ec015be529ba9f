import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { assertSameOrigin, requestContextFrom } from "@/lib/http";
import { resetCookieName, resetErrorPath, returnToRedirectSite } from "@/lib/reset";

const NO_STORE = { "cache-control": "no-store, max-age=0" };

/**
 * "Continue at <site>" on our reset pages: back to the site an Action sent the user to, with a
 * fresh state (the URL carries a one-time secret, so it is made at the press, never on a page).
 * Our own form only, so same origin.
 */
export async function POST(request: NextRequest) {
  const base = config().PUBLIC_URL;
  try {
    assertSameOrigin(request);
    const cookieValue = request.cookies.get(resetCookieName())?.value;
    const { next } = await returnToRedirectSite({ cookieValue, ctx: requestContextFrom(request.headers, "POST") });
    return NextResponse.redirect(next, { status: 303, headers: NO_STORE });
  } catch (error) {
    return NextResponse.redirect(new URL(resetErrorPath(toAppError(error).code), base), { status: 303, headers: NO_STORE });
  }
}
