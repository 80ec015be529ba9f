import NextAuth from "next-auth";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";
import type { OnProofRequired } from "@/lib/users";
import { authOptions } from "./options";
import { decodeSignInError } from "./sign-in-error";

type StartedPendingSignIn = Parameters<OnProofRequired>[0];

/** A cookie next-auth set, as the parts `cookies().set` (and NextResponse.cookies.set) take. */
export type IssuedCookie = {
  name: string;
  value: string;
  options: { path?: string; expires?: Date; maxAge?: number; httpOnly?: boolean; secure?: boolean; sameSite?: "lax" | "strict" | "none" };
};

export type FormSignInResult =
  | { ok: true; redirectTo: string; cookies: IssuedCookie[] }
  /** `pending`: the sign-in needs proof (PROOF_REQUIRED); the browser carries it to /login/verify. */
  | { ok: false; code: ErrorCode; message: string; pending?: StartedPendingSignIn };

type NextAuthCall = { method: "GET" | "POST"; action: string[]; body?: Record<string, string>; cookies: Record<string, string>; headers: Record<string, string> };
type NextAuthAnswer = { location: string | undefined; cookies: IssuedCookie[]; body: unknown };

/**
 * Signs in with next-auth's own credentials callback, on the server, for a form that was posted
 * without JavaScript (the sign-in form before its script runs) or by our own server code (sign-up).
 * Everything a browser sign-in goes through runs: its CSRF double-submit (a token next-auth issues
 * here, for this call only; the caller checks the request's origin), `authorize` with the
 * request's headers (client IP, rate limits), the jwt callback, the session cookie and the redirect
 * callback that keeps the return address on our origin.
 */
export async function signInWithForm(input: { identifier: string; password: string; callbackUrl: string }, requestHeaders: Headers): Promise<FormSignInResult> {
  const headers = Object.fromEntries(requestHeaders);
  // The request's own cookies stay out: next-auth needs none of them here, and a stale or planted
  // one (a callback-url it cannot parse) would only make it fail.
  const csrf = await callNextAuth({ method: "GET", action: ["csrf"], cookies: {}, headers });
  const csrfCookie = csrf.cookies.find((c) => c.name.endsWith("next-auth.csrf-token"));
  const csrfToken = (csrf.body as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (!csrfCookie || typeof csrfToken !== "string") throw new Error("next-auth issued no CSRF token");
  let pending: StartedPendingSignIn | undefined;
  const answer = await callNextAuth(
    {
      method: "POST",
      action: ["callback", "credentials"],
      body: { csrfToken, identifier: input.identifier, password: input.password, callbackUrl: input.callbackUrl },
      cookies: { [csrfCookie.name]: csrfCookie.value },
      headers,
    },
    (started) => (pending = started),
  );
  const cookies = answer.cookies.filter((c) => !c.name.endsWith("next-auth.csrf-token"));
  if (cookies.some((c) => /next-auth\.session-token(\.\d+)?$/.test(c.name)) && answer.location) {
    return { ok: true, redirectTo: answer.location, cookies };
  }
  return { ok: false, ...signInErrorOf(answer.location), ...(pending ? { pending } : {}) };
}

/**
 * next-auth sends a failed sign-in to `…/error?error=<what authorize threw>`; ours throws
 * `CODE|message` (sign-in-error.ts). Only a code of our table is believed.
 */
function signInErrorOf(location: string | undefined): { code: ErrorCode; message: string } {
  const thrown = decodeSignInError(location ? (new URL(location, "http://n").searchParams.get("error") ?? "") : "");
  if (thrown && Object.hasOwn(ERROR_CODES, thrown.code)) return { code: thrown.code as ErrorCode, message: thrown.message };
  return { code: "INTERNAL", message: ERROR_CODES.INTERNAL.message };
}

/**
 * Calls next-auth through its pages-API entry point, which reads only the request it is given
 * (its App Router entry reads the live request's cookies from next/headers instead).
 */
async function callNextAuth(call: NextAuthCall, onProofRequired?: OnProofRequired): Promise<NextAuthAnswer> {
  const headers = new Map<string, string | string[]>();
  let body: unknown;
  const res = {
    status: () => res,
    setHeader: (name: string, value: string | string[]) => (headers.set(name.toLowerCase(), value), res),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    end: () => res,
    send: (value: unknown) => ((body = value), res),
    json: (value: unknown) => ((body = value), res),
  };
  const req = { method: call.method, query: { nextauth: call.action }, body: call.body ?? {}, cookies: call.cookies, headers: call.headers };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<unknown>)(req, res, authOptions({ onProofRequired }));
  const setCookie = headers.get("set-cookie") ?? [];
  const location = headers.get("location");
  return { location: typeof location === "string" ? location : undefined, cookies: (Array.isArray(setCookie) ? setCookie : [setCookie]).map(parseSetCookie), body };
}

function parseSetCookie(header: string): IssuedCookie {
  const [pair = "", ...attributes] = header.split(/;\s*/);
  const eq = pair.indexOf("=");
  const options: IssuedCookie["options"] = {};
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=");
    switch (key.toLowerCase()) {
      case "path":
        options.path = value;
        break;
      case "expires":
        options.expires = new Date(value);
        break;
      case "max-age":
        options.maxAge = Number(value);
        break;
      case "httponly":
        options.httpOnly = true;
        break;
      case "secure":
        options.secure = true;
        break;
      case "samesite":
        options.sameSite = value.toLowerCase() as "lax" | "strict" | "none";
        break;
    }
  }
  return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), options };
}
