import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/security";

/**
 * The cookie that binds a reset flow to one browser: `<flowId>.<secret>`, of which the flow row
 * keeps only the secret's hash. httpOnly, SameSite=Lax (it must survive the top-level POST from
 * the email link's page), and `__Host-`/Secure when served over HTTPS.
 */
export function resetCookieName(): string {
  return config().PUBLIC_URL.startsWith("https://") ? "__Host-rekey_reset" : "rekey_reset";
}

export type ResetCookie = { flowId: string; secret: string };

export function newBindingSecret(): { secret: string; hash: string } {
  const secret = generateToken(32);
  return { secret, hash: hashToken(secret) };
}

export function encodeResetCookie(cookie: ResetCookie): string {
  return `${cookie.flowId}.${cookie.secret}`;
}

export function decodeResetCookie(value: string | undefined): ResetCookie | null {
  if (!value || value.length > 200) return null;
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { flowId: match[1]!, secret: match[2]! } : null;
}

export function resetCookieOptions(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config().PUBLIC_URL.startsWith("https://"),
    path: "/",
    maxAge: maxAgeSeconds,
  };
}
