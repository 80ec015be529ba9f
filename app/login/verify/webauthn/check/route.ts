import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { safeReturnPath } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { pendingSignInCookieName, proofAssertionSchema } from "@/lib/pending-sign-in";
import { signInWithProof } from "@/lib/users";
import { withSession } from "../../back";

const bodySchema = z.object({ factor: proofAssertionSchema.shape.method, response: proofAssertionSchema.shape.response, callbackUrl: z.string().max(2048).optional() });

/**
 * The browser's WebAuthn assertion for sign-in's factor step: with the password before it, it signs
 * in (the session cookie is set on this answer) and names where to go next.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const body = await readBody(request, bodySchema, 64 * 1024);
    const ctx = requestContextFrom(request.headers);
    const user = await signInWithProof(request.cookies.get(pendingSignInCookieName())?.value, { method: body.factor, response: body.response }, ctx);
    return await withSession(NextResponse.json({ next: safeReturnPath(body.callbackUrl) }, { headers: { "cache-control": "no-store" } }), user);
  } catch (error) {
    return errorResponse(error);
  }
}
