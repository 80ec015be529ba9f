import { NextResponse, type NextRequest } from "next/server";
import { passkeyCookieName, passkeyCookieOptions } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { startPasskeySignIn } from "@/lib/factors";
import { assertSameOrigin, ipLimitKey, requestContextFrom } from "@/lib/http";
import { assertRateLimit } from "@/lib/security";

/**
 * Starts "Sign in with a passkey" (the browser's autofill, or the button): WebAuthn options for a
 * discoverable credential, and the cookie that binds the ceremony to this browser.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    await assertRateLimit("passkeyOptionsPerIp", ipLimitKey(requestContextFrom(request.headers).ip), undefined, { tooMany: "attempts" });
    const { options, handle } = await startPasskeySignIn();
    const response = NextResponse.json({ options }, { headers: { "cache-control": "no-store" } });
    response.cookies.set(passkeyCookieName(), handle, passkeyCookieOptions());
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
