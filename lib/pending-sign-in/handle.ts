import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/security";

/** @default 10 minutes: time to fetch the code and type it; then the sign-in starts over. */
export const PENDING_SIGN_IN_SECONDS = 10 * 60;

/**
 * The cookie that binds a pending sign-in to the browser that typed the password: a random handle
 * of which the row keeps only the hash. httpOnly, SameSite=Lax, limited to the proof pages, and
 * `__Host-`/Secure over HTTPS (then the path must be "/").
 */
export function pendingSignInCookieName(): string {
  return https() ? "__Host-rekey_sign_in" : "rekey_sign_in";
}

export function pendingSignInCookieOptions(maxAgeSeconds = PENDING_SIGN_IN_SECONDS) {
  return { httpOnly: true, sameSite: "lax" as const, secure: https(), path: https() ? "/" : "/login", maxAge: maxAgeSeconds };
}

export function newHandle(): { handle: string; hash: string } {
  const handle = generateToken(32);
  return { handle, hash: hashToken(handle) };
}

/** The stored hash of a cookie's handle, or null when the value cannot be one. */
export function handleHashOf(value: string | undefined): string | null {
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? hashToken(value) : null;
}

function https(): boolean {
  return config().PUBLIC_URL.startsWith("https://");
}
