import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { AppError, errorResponse } from "@/lib/errors";
import { factorNameInput, reauthCookieName, startWebauthnRegistration } from "@/lib/factors";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";

const bodySchema = z.object({ kind: z.enum(["security-key", "this-device"]), name: factorNameInput });

/** Step 1 of adding a security key or passkey: registration options, challenge kept server-side. */
export async function POST(request: NextRequest) {
  try {
    assertSameOrigin(request);
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED");
    const { kind } = await readBody(request, bodySchema, 1024);
    const actor = { userId: user.id, reauth: request.cookies.get(reauthCookieName())?.value, ctx: requestContextFrom(request.headers) };
    return NextResponse.json(await startWebauthnRegistration(actor, kind), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
