import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, refuseUnparsableCallbackUrl, refuseUnsupportedAuthRequest } from "@/lib/auth";
import { pendingSignInCookieName, pendingSignInCookieOptions, type StartedPendingSignIn } from "@/lib/pending-sign-in";
import { errorResponse } from "@/lib/errors";
import { withCookie } from "@/lib/http/with-cookie";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx) {
  try {
    const params = await ctx.params;
    const refused = refuseUnsupportedAuthRequest(req.method, params.nextauth, req.headers.get("content-type")) ?? refuseUnparsableCallbackUrl(req.nextUrl, req.cookies);
    if (refused) return refused;
    let pending: StartedPendingSignIn | undefined;
    const answer: Response = await NextAuth(req as never, { params } as never, authOptions({ onProofRequired: (started) => (pending = started) }));
    if (!pending) return answer;
    // The password step answered PROOF_REQUIRED: the browser carries the pending sign-in to /login/verify.
    return withCookie(answer, pendingSignInCookieName(), pending.handle, pendingSignInCookieOptions());
  } catch (error) {
    // Never Next.js's plain-text 500: the envelope, with the detail in the server log only.
    return errorResponse(error);
  }
}

export { handler as GET, handler as POST };
