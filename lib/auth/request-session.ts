import { getToken } from "next-auth/jwt";
import { config } from "@/lib/config";
import { isSessionLive, liveSessionUser } from "@/lib/sessions";

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

/** A live session's own facts (the user's row is not read: the liveness check covers it). */
export type LiveSession = {
  userId: string;
  sessionVersion: number;
  /** When the user signed in (ms since the epoch), from the session itself; 0 for sessions older than this field. */
  signedInAtMs: number;
  /** How the user signed in (RFC 8176), from the session itself; sessions older than this field signed in with a password. */
  amr: string[];
  /** The user's row, read by the same query when the caller asked for it (`withUser`). */
  user?: NonNullable<Awaited<ReturnType<typeof liveSessionUser>>>;
};

/**
 * The Rekey session of a request outside Next (the OpenID Provider's routes in server.ts), with
 * currentUser()'s rules, in one database round trip: the session row is live (not signed out, not
 * expired), its user exists, is not blocked, and the session version matches (isSessionLive checks
 * all of it in one query). getToken only decodes: next-auth's jwt callback, which checks the row
 * for Next's own reads, does not run here.
 */
export async function liveSessionFromCookieHeader(cookieHeader: string | undefined, { withUser = false } = {}): Promise<LiveSession | null> {
  const cfg = config();
  const token = await getToken({
    req: { cookies: parseCookieHeader(cookieHeader), headers: {} } as never,
    secret: cfg.AUTH_SECRET,
    secureCookie: cfg.PUBLIC_URL.startsWith("https://"),
  });
  if (!token?.uid || typeof token.sv !== "number") return null;
  const user = withUser ? await liveSessionUser(token) : undefined;
  if (withUser ? !user : !(await isSessionLive(token))) return null;
  const amr = Array.isArray(token.amr) && token.amr.every((m) => typeof m === "string") ? token.amr : ["pwd"];
  return { userId: token.uid, sessionVersion: token.sv, signedInAtMs: typeof token.at === "number" ? token.at : 0, amr, ...(user ? { user } : {}) };
}
