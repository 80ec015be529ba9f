import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { AppError, errorResponse } from "@/lib/errors";
import { factorNameInput, finishWebauthnRegistration, reauthCookieName, registrationResponseSchema } from "@/lib/factors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";

const bodySchema = z.object({ name: factorNameInput, response: registrationResponseSchema });

/** Step 2: the authenticator's answer; a verified credential becomes a factor. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED");
    const input = await readBody(request, bodySchema, 64 * 1024);
    const actor = { userId: user.id, reauth: request.cookies.get(reauthCookieName())?.value, ctx: requestContextFrom(request.headers) };
    return NextResponse.json(await finishWebauthnRegistration(actor, input), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
