import { config } from "@/lib/config";
import { PASSKEY_SIGN_IN_SECONDS } from "@/lib/factors";

/**
 * The cookie that binds a "Sign in with a passkey" ceremony to the browser that started it: a
 * random handle of which the challenge row keeps only the hash. httpOnly, SameSite=Lax, limited to
 * the sign-in pages, and `__Host-`/Secure over HTTPS (then the path must be "/").
 */
export function passkeyCookieName(): string {
  return https() ? "__Host-rekey_passkey" : "rekey_passkey";
}

export function passkeyCookieOptions(maxAgeSeconds = PASSKEY_SIGN_IN_SECONDS) {
  return { httpOnly: true, sameSite: "lax" as const, secure: https(), path: https() ? "/" : "/login", maxAge: maxAgeSeconds };
}

function https(): boolean {
  return config().PUBLIC_URL.startsWith("https://");
}
