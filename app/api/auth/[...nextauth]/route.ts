import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, refuseUnparsableCallbackUrl, refuseUnsupportedAuthRequest } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx) {
  try {
    const params = await ctx.params;
    const refused = refuseUnsupportedAuthRequest(req.method, params.nextauth, req.headers.get("content-type")) ?? refuseUnparsableCallbackUrl(req.nextUrl, req.cookies);
    if (refused) return refused;
    return await NextAuth(req as never, { params } as never, authOptions());
  } catch (error) {
    // Never Next.js's plain-text 500: the envelope, with the detail in the server log only.
    return errorResponse(error);
  }
}

export { handler as GET, handler as POST };
