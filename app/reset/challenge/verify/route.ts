import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { factorAssertionSchema, factorCodeSchema, resetCookieName, verifyFactorAssertion, verifyFactorCode } from "@/lib/reset";

const bodySchema = z.union([factorAssertionSchema, factorCodeSchema]);

/** A WebAuthn assertion or a typed code for the reset's challenge; answers where to go next. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const input = await readBody(request, bodySchema, 64 * 1024);
    const cookie = request.cookies.get(resetCookieName())?.value;
    const ctx = requestContextFrom(request.headers);
    const passed = "response" in input ? await verifyFactorAssertion(cookie, input, ctx) : await verifyFactorCode(cookie, input, ctx);
    return NextResponse.json(passed, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
