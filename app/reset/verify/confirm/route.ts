import { z } from "zod";
import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { consumeResetTicket, encodeResetCookie, resetCookieName, resetCookieOptions, resetErrorPath } from "@/lib/reset";

const bodySchema = z.object({ ticket: z.string().max(100) });

/** The email link's Continue button: consumes the ticket, binds the flow to this browser, moves on. */
export async function POST(request: Request) {
  const base = config().PUBLIC_URL;
  try {
    assertSameOrigin(request);
    const { ticket } = await readBody(request, bodySchema, 4096);
    const result = await consumeResetTicket(ticket, requestContextFrom(request.headers, "POST"));
    const response = NextResponse.redirect(new URL(result.next, base), 303);
    response.cookies.set(resetCookieName(), encodeResetCookie(result.cookie), resetCookieOptions(result.cookieMaxAgeSeconds));
    return response;
  } catch (error) {
    const appError = toAppError(error);
    return NextResponse.redirect(new URL(resetErrorPath(appError.code), base), 303);
  }
}
