import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authOptions, refuseUnparsableCallbackUrl, refuseUnsupportedAuthRequest } from "@/lib/auth";
import { pendingSignInCookieName, pendingSignInCookieOptions, type StartedPendingSignIn } from "@/lib/pending-sign-in";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx) {
  const params = await ctx.params;
  const refused = refuseUnsupportedAuthRequest(req.method, params.nextauth, req.headers.get("content-type")) ?? refuseUnparsableCallbackUrl(req.nextUrl, req.cookies);
  if (refused) return refused;
  let pending: StartedPendingSignIn | undefined;
  const answer: Response = await NextAuth(req as never, { params } as never, authOptions({ onProofRequired: (started) => (pending = started) }));
  if (!pending) return answer;
  // The password step answered PROOF_REQUIRED: the browser carries the pending sign-in to /login/verify.
  const response = new NextResponse(answer.body, answer);
  response.cookies.set(pendingSignInCookieName(), pending.handle, pendingSignInCookieOptions());
  return response;
}

export { handler as GET, handler as POST };
