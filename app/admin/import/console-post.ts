import { NextResponse } from "next/server";
import { currentUser, type CurrentUser } from "@/lib/auth";
import { config } from "@/lib/config";
import { AppError, toAppError } from "@/lib/errors";
import { assertSameOrigin, requestContextFrom, type RequestContext } from "@/lib/http";

/**
 * A plain form post of the import page (it works without JavaScript): same origin, an admin, then
 * the step; the answer is a 303 back to the page with the new job, or with the refusal's code.
 */
export async function consolePost(request: Request, step: (admin: CurrentUser, ctx: RequestContext) => Promise<Record<string, string>>): Promise<Response> {
  const back = new URL("/admin/import", config().PUBLIC_URL);
  try {
    assertSameOrigin(request);
    const admin = await currentUser();
    if (!admin) throw new AppError("UNAUTHENTICATED");
    if (admin.role !== "admin") throw new AppError("FORBIDDEN");
    for (const [key, value] of Object.entries(await step(admin, requestContextFrom(request.headers, request.method)))) back.searchParams.set(key, value);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "UNAUTHENTICATED") return NextResponse.redirect(new URL("/login?callbackUrl=%2Fadmin%2Fimport", config().PUBLIC_URL), 303);
    back.searchParams.set("error", appError.status >= 500 ? "INTERNAL" : appError.code);
    if (appError.status < 500) back.searchParams.set("message", appError.message.slice(0, 300));
  }
  return NextResponse.redirect(back, 303);
}
