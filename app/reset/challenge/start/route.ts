import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { factorStartSchema, resetCookieName, startFactorStep } from "@/lib/reset";

/** Starts a method of the reset's challenge: WebAuthn options, or a code sent by email or SMS. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const { factor } = await readBody(request, factorStartSchema, 1024);
    const started = await startFactorStep(request.cookies.get(resetCookieName())?.value, factor, requestContextFrom(request.headers));
    return NextResponse.json(started, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
