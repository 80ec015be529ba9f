import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin, readBody } from "@/lib/http";
import { chooseLocale, chooseLocaleSchema } from "@/lib/i18n";

/**
 * The language switcher's form (every public page, with or without JavaScript): sets the language
 * cookie and goes back to the page it was posted from, a path on this site only.
 */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const chosen = chooseLocale(await readBody(request, chooseLocaleSchema, 8 * 1024));
    const response = NextResponse.redirect(new URL(chosen.location, config().PUBLIC_URL), 303);
    response.cookies.set(chosen.cookie.name, chosen.cookie.value, chosen.cookie.options);
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
