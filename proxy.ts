import { NextResponse, type NextRequest } from "next/server";
import { config as rekeyConfig } from "@/lib/config";
import { AppError, errorResponse } from "@/lib/errors";
import { readMultipartFields } from "@/lib/http/multipart";
import { assertActionNotCrossSite, assertActionPayload, isServerActionRequest } from "@/lib/http/server-action-guard";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every page and route: a fresh CSP nonce per request (Next.js reads it from the
 * request's CSP header and puts it on its scripts) and the security headers. Server actions are
 * checked first (lib/http/server-action-guard): a cross-site or undecodable call gets a 4xx here
 * instead of the 500 Next.js would answer.
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
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
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
    return undefined;
  } catch (error) {
    return errorResponse(error);
  }
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
