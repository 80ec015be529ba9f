import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, refuseUnparsableCallbackUrl } from "@/lib/auth";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx) {
  const refused = refuseUnparsableCallbackUrl(req.nextUrl, req.cookies);
  if (refused) return refused;
  return NextAuth(req as never, { params: await ctx.params } as never, authOptions());
}

export { handler as GET, handler as POST };
