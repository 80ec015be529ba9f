import { AppError, errorResponse } from "@/lib/errors";

/** next-auth's cookie names for the return address (plain http, and https). */
const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * next-auth's own test of a callbackUrl (core/lib/assert.js): a value that is not an http(s) URL,
 * absolute or "/"-relative, makes it answer 500 "server configuration" to any POST. Where it goes
 * afterwards (our origin only) is decided by the redirect callback in options.ts.
 */
export function isParsableCallbackUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * The request's Cookie header without the return-address cookies next-auth would choke on, and the
 * names removed. Every server component that reads the session (getServerSession) makes next-auth
 * check that cookie too, and a bad one (`%00`, `javascript:x`, planted by a sibling subdomain or
 * typed by hand) turned /account, /login and /admin into a 500. The cookie is only a hint of where
 * to go after sign-in, so it is ignored. A value that does not even percent-decode is removed too.
 */
export function withoutUnparsableCallbackCookies(cookieHeader: string, base: string): { cookieHeader: string; removed: string[] } {
  const removed: string[] = [];
  const kept = cookieHeader.split(/;\s*/).filter((pair) => {
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!CALLBACK_COOKIES.includes(name)) return true;
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      value = "\0";
    }
    if (value === "" || isParsableCallbackUrl(value, base)) return true;
    removed.push(name);
    return false;
  });
  return { cookieHeader: removed.length ? kept.join("; ") : cookieHeader, removed };
}

/** The Set-Cookie line that deletes one of next-auth's return-address cookies. */
export function expiredCallbackCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;
}

/**
 * A 400 for a request to next-auth whose callbackUrl (query or cookie) next-auth would choke on;
 * the bad cookie is deleted so the browser recovers. Undefined when next-auth may have it.
 */
export function refuseUnparsableCallbackUrl(url: URL, cookies: { get(name: string): { value: string } | undefined }): Response | undefined {
  // next-auth reads the last of a repeated parameter (Object.fromEntries): every one must be parsable.
  const badQuery = url.searchParams.getAll("callbackUrl").some((value) => value !== "" && !isParsableCallbackUrl(value, url.origin));
  const badCookies = CALLBACK_COOKIES.filter((name) => {
    const value = cookies.get(name)?.value;
    return value !== undefined && value !== "" && !isParsableCallbackUrl(value, url.origin);
  });
  if (!badQuery && badCookies.length === 0) return undefined;
  const response = errorResponse(new AppError("INVALID_INPUT", "The return address is not valid."));
  for (const name of badCookies) response.headers.append("set-cookie", expiredCallbackCookie(name));
  return response;
}
