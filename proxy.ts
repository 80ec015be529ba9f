import { NextResponse, type NextRequest } from "next/server";
import { expiredCallbackCookie, withoutUnparsableCallbackCookies } from "@/lib/auth/callback-url";
import { config as rekeyConfig } from "@/lib/config";
import { interactionOfUrl, LOCALE_HEADERS } from "@/lib/i18n/cookie";
import { AppError, errorResponse, isAppError } from "@/lib/errors";
import { readMultipartFields } from "@/lib/http/multipart";
import { assertActionNotCrossSite, assertActionPayload, formActionIds, isServerActionRequest } from "@/lib/http/server-action-guard";
import { actionPagesOfBuild, assertActionOnPage } from "@/lib/http/server-action-pages";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every page and route: a fresh CSP nonce per request (Next.js reads it from the
 * request's CSP header and puts it on its scripts) and the security headers. Server actions are
 * checked first (lib/http/server-action-guard): a cross-site or undecodable call, or one posted to
 * a page that does not use it (lib/http/server-action-pages), gets a 4xx here instead of the 500
 * or the crash Next.js would answer with. A return-address cookie next-auth cannot parse is
 * dropped from the request (and deleted in the browser), so no page that reads the session fails.
 */
export async function proxy(request: NextRequest) {
  const cfg = rekeyConfig();
  if (isServerActionRequest(request.method, request.headers, request.nextUrl.pathname)) {
    const refused = await checkServerAction(request, cfg.PUBLIC_URL);
    if (refused) return withSecurityHeaders(refused, request.nextUrl.pathname, cfg.PUBLIC_URL);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { development: !cfg.isProduction && cfg.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // The root layout decides the page's language (lib/i18n/request-locale) from these; a client's
  // own copies are replaced.
  requestHeaders.set(LOCALE_HEADERS.path, request.nextUrl.pathname);
  const interaction = interactionOfUrl(request.nextUrl);
  if (interaction) requestHeaders.set(LOCALE_HEADERS.interaction, interaction);
  else requestHeaders.delete(LOCALE_HEADERS.interaction);
  const cookies = withoutUnparsableCallbackCookies(request.headers.get("cookie") ?? "", cfg.PUBLIC_URL);
  if (cookies.removed.length) requestHeaders.set("cookie", cookies.cookieHeader);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const name of cookies.removed) response.headers.append("set-cookie", expiredCallbackCookie(name));
  return withSecurityHeaders(response, request.nextUrl.pathname, cfg.PUBLIC_URL);
}

function withSecurityHeaders<R extends Response>(response: R, pathname: string, publicUrl: string): R {
  const https = publicUrl.startsWith("https://");
  for (const [name, value] of securityHeaders(pathname, { https })) response.headers.set(name, value);
  return response;
}

/** The refusal of a forged server action, or undefined when Next.js may run it. */
async function checkServerAction(request: NextRequest, publicUrl: string): Promise<Response | undefined> {
  try {
    assertActionNotCrossSite(request.headers, [new URL(publicUrl).origin]);
    const pages = actionPagesOfBuild();
    const fetchActionId = request.headers.get("next-action");
    if (pages && fetchActionId) assertActionOnPage(fetchActionId, request.nextUrl.pathname, pages);
    const multipart = request.headers.get("content-type")?.toLowerCase().includes("multipart/form-data") ?? false;
    // Next.js itself answers an urlencoded action with its not-found page; nothing to decode.
    if (!multipart && request.headers.get("content-type")?.toLowerCase().includes("application/x-www-form-urlencoded")) return undefined;
    let body: FormData | string;
    try {
      body = multipart ? await readMultipartFields(request.clone()) : await request.clone().text();
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      return errorResponse(new AppError("INVALID_INPUT", "This form could not be read. Reload the page and try again."));
    }
    assertActionPayload(request.headers, body);
    if (pages && typeof body !== "string") for (const id of formActionIds(body)) assertActionOnPage(id, request.nextUrl.pathname, pages);
    return undefined;
  } catch (error) {
    // Next.js's own marker for an action this deployment cannot run: its client reports it as such.
    return errorResponse(error, isAppError(error) && error.code === "ACTION_UNAVAILABLE" ? { "x-nextjs-action-not-found": "1" } : undefined);
  }
}

// The two users-import uploads (the API's and the console's) skip the proxy: Next.js buffers the
// body of every request a proxy runs on, and past proxyClientMaxBodySize (10 MB) forwards only the
// first 10 MB, silently. Those routes stream the file to disk themselves, check the origin or the
// bearer token themselves, and answer with JSON or a redirect that needs no CSP.
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/v2/jobs/users-imports|admin/import/upload).*)" }],
};
