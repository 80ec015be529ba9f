import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, refuseUnparsableCallbackUrl, refuseUnsupportedAuthRequest } from "@/lib/auth";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx) {
  const params = await ctx.params;
  const refused = refuseUnsupportedAuthRequest(req.method, params.nextauth, req.headers.get("content-type")) ?? refuseUnparsableCallbackUrl(req.nextUrl, req.cookies);
  if (refused) return refused;
  return NextAuth(req as never, { params } as never, authOptions());
}

export { handler as GET, handler as POST };
