import { decode, encode, type JWT, type JWTEncodeParams } from "next-auth/jwt";
import { config } from "@/lib/config";
import { SESSION_LIFETIME_SECONDS } from "@/lib/sessions";
import type { SignedInUser } from "@/lib/users";

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    role?: string;
    /** The session row this token belongs to (lib/sessions). */
    sid?: string;
    /** The session's absolute end (seconds since the epoch): no re-issued token outlives it. */
    sexp?: number;
    /** When the user signed in, in ms: `prompt=login` asks for a sign-in after a given instant. */
    at?: number;
    /** RFC 8176 methods of the sign-in that started this session (the ID token's `amr`). */
    amr?: string[];
  }
}

/** Whether the session cookie is the `__Secure-` one; next-auth decides the same from PUBLIC_URL. */
export function secureSessionCookie(): boolean {
  return config().PUBLIC_URL.startsWith("https://");
}

/** The name of next-auth's session cookie on this deployment. */
export function sessionCookieName(): string {
  return `${secureSessionCookie() ? "__Secure-" : ""}next-auth.session-token`;
}

/** What a session token says about its user and session; next-auth's jwt callback and sessionCookie both use it. */
export function sessionClaims(user: SignedInUser): JWT {
  return {
    uid: user.id,
    sv: user.sessionVersion,
    role: user.role,
    sid: user.sessionId,
    sexp: Math.floor(user.sessionExpiresAt.getTime() / 1000),
    at: Date.now(),
    amr: user.amr,
  };
}

/**
 * next-auth's encoder with the expiry clamped to the session's: next-auth re-issues the token on
 * every read of the session with `exp` = now + maxAge, which let a copied token live for ever. A
 * token without a session end gets none (it is expired at once).
 */
export async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const sexp = params.token?.sexp;
  // Rounded up: next-auth reads the clock again, and a second ticking in between must not add one.
  const left = typeof sexp === "number" ? sexp - Math.ceil(Date.now() / 1000) : 0;
  return encode({ ...params, maxAge: Math.max(0, Math.min(params.maxAge ?? SESSION_LIFETIME_SECONDS, left)) });
}

/** A session token's claims, or null when it does not decrypt or has expired. */
export async function decodeSessionToken(value: string | undefined): Promise<JWT | null> {
  if (!value) return null;
  try {
    return await decode({ token: value, secret: config().AUTH_SECRET });
  } catch {
    return null;
  }
}

/**
 * The session cookie for a sign-in completed outside next-auth's own callback (the proof step of
 * /login/verify, a plain form): the same token next-auth would issue, under its cookie name and
 * attributes, so next-auth reads it like its own.
 */
export async function sessionCookie(user: SignedInUser): Promise<{ name: string; value: string; options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; expires: Date } }> {
  const name = user.username ?? user.email;
  const token: JWT = { name, email: user.email, sub: user.id, ...sessionClaims(user) };
  const value = await encodeSessionToken({ token, secret: config().AUTH_SECRET, maxAge: SESSION_LIFETIME_SECONDS });
  return { name: sessionCookieName(), value, options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureSessionCookie(), expires: user.sessionExpiresAt } };
}
