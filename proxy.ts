import { NextResponse, type NextRequest } from "next/server";
import { config as rekeyConfig } from "@/lib/config";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every page and route: a fresh CSP nonce per request (Next.js reads it from the
 * request's CSP header and puts it on its scripts) and the security headers.
 */
export function proxy(request: NextRequest) {
  const cfg = rekeyConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { development: !cfg.isProduction && cfg.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  const https = cfg.PUBLIC_URL.startsWith("https://");
  for (const [name, value] of securityHeaders(request.nextUrl.pathname, { https })) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
