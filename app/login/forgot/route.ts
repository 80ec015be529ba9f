import { NextResponse } from "next/server";
import { z } from "zod";
import { config } from "@/lib/config";
import { errorResponse } from "@/lib/errors";
import { readBody } from "@/lib/http";
import { resetRequestSchema } from "@/lib/reset";

// Only the identifier is read: the sign-in form's password, posted along with it when the
// "Forgot password?" button is pressed, is dropped here, never logged and never put in the URL.
const bodySchema = z.object({ identifier: z.string().max(1024).default(""), callbackUrl: z.string().max(1024).optional() });

/** Only an application's interrupted sign-in travels on to /reset (it offers "Back to <app>" after). */
const INTERACTION_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/**
 * "Forgot password?" on the sign-in form: opens /reset with what was typed as the identifier, with
 * or without JavaScript. A value the reset form would refuse is simply not carried.
 */
export async function POST(request: Request) {
  let identifier = "";
  let callbackUrl: string | undefined;
  try {
    ({ identifier, callbackUrl } = await readBody(request, bodySchema, 16 * 1024));
  } catch (error) {
    return errorResponse(error);
  }
  const target = new URL("/reset", config().PUBLIC_URL);
  const carried = resetRequestSchema.safeParse({ identifier });
  if (carried.success) target.searchParams.set("identifier", carried.data.identifier);
  if (callbackUrl && INTERACTION_PATH.test(callbackUrl)) target.searchParams.set("callbackUrl", callbackUrl);
  return NextResponse.redirect(target, 303);
}
