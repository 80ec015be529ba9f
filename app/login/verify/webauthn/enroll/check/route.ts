import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { safeReturnPath } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { pendingSignInCookieName, proofRegistrationSchema } from "@/lib/pending-sign-in";
import { signInWithProof } from "@/lib/users";
import { withSession } from "../../../back";

const bodySchema = z.object({
  factor: proofRegistrationSchema.shape.method,
  response: proofRegistrationSchema.shape.registration,
  name: proofRegistrationSchema.shape.name,
  callbackUrl: z.string().max(2048).optional(),
});

/**
 * The browser's registration of a key set up at sign-in: with the password before it, the key is
 * stored as the account's factor and signs in (the session cookie is set on this answer); the
 * answer names where to go next.
 */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const body = await readBody(request, bodySchema, 64 * 1024);
    const ctx = requestContextFrom(request.headers);
    const user = await signInWithProof(request.cookies.get(pendingSignInCookieName())?.value, { method: body.factor, registration: body.response, name: body.name }, ctx);
    return await withSession(NextResponse.json({ next: safeReturnPath(body.callbackUrl) }, { headers: { "cache-control": "no-store" } }), user);
  } catch (error) {
    return errorResponse(error);
  }
}
