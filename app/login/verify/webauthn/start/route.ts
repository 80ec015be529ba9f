import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { WEBAUTHN_TYPES } from "@/lib/factors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { pendingSignInCookieName, startSignInWebauthn } from "@/lib/pending-sign-in";

const bodySchema = z.object({ factor: z.enum(WEBAUTHN_TYPES, { error: "Choose a method." }), callbackUrl: z.string().max(2048).optional() });

/** "Use your security key" on sign-in's factor step: WebAuthn options for this browser's pending sign-in. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const { factor } = await readBody(request, bodySchema, 4 * 1024);
    const started = await startSignInWebauthn(request.cookies.get(pendingSignInCookieName())?.value, factor, requestContextFrom(request.headers));
    return NextResponse.json(started, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
