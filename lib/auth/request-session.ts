import { getToken } from "next-auth/jwt";
import { config } from "@/lib/config";
import { isSessionLive } from "@/lib/sessions";
import { findUserById } from "@/lib/users";
import type { CurrentUser } from "./current-user";

export type RequestSession = {
  user: CurrentUser;
  /** When the user signed in (ms since the epoch), from the session itself; 0 for sessions older than this field. */
  signedInAtMs: number;
  /** How the user signed in (RFC 8176), from the session itself; sessions older than this field signed in with a password. */
  amr: string[];
};

/** Cookie name → value, from a raw `Cookie` header (the first occurrence of a name wins, as in browsers). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      cookies.set(name, part.slice(eq + 1).trim());
    }
  }
  return cookies;
}

/**
 * The Rekey session of a request outside Next (the OpenID Provider's routes in server.ts), with
 * currentUser()'s rules: the session row is live (not signed out, not expired), the user exists,
 * is not blocked, and the session version matches. getToken only decodes: next-auth's jwt callback,
 * which checks the row for Next's own reads, does not run here.
 */
export async function sessionFromCookieHeader(cookieHeader: string | undefined): Promise<RequestSession | null> {
  const cfg = config();
  const token = await getToken({
    req: { cookies: parseCookieHeader(cookieHeader), headers: {} } as never,
    secret: cfg.AUTH_SECRET,
    secureCookie: cfg.PUBLIC_URL.startsWith("https://"),
  });
  if (!token?.uid) return null;
  if (!(await isSessionLive(token))) return null;
  const user = await findUserById(token.uid);
  if (!user || user.blocked || user.sessionVersion !== token.sv) return null;
  const amr = Array.isArray(token.amr) && token.amr.every((m) => typeof m === "string") ? token.amr : ["pwd"];
  return { user, signedInAtMs: typeof token.at === "number" ? token.at : 0, amr };
}
