import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { WEBAUTHN_TYPES } from "@/lib/factors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { pendingSignInCookieName, startSignInKeyEnrollment } from "@/lib/pending-sign-in";

const bodySchema = z.object({ factor: z.enum(WEBAUTHN_TYPES, { error: "Choose a method." }), callbackUrl: z.string().max(2048).optional() });

/** "Add security key" or "Add passkey" on sign-in's set-up step (MFA policy "always"): registration options for this browser's pending sign-in. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const { factor } = await readBody(request, bodySchema, 4 * 1024);
    const started = await startSignInKeyEnrollment(request.cookies.get(pendingSignInCookieName())?.value, factor, requestContextFrom(request.headers));
    return NextResponse.json(started, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
