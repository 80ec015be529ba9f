import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/security";
import type { PendingRedirect } from "../progress";

/**
 * A fresh `state` for an Action's redirect and the URL carrying it. The state is 32 random bytes of
 * which only the hash is kept: single use, bound to this flow (and, through the flow's cookie, to
 * this browser), and short-lived (RESET_REDIRECT_SECONDS, never past the flow's own lifetime), so it
 * cannot be replayed or carried to another reset. The site's URL is kept without it.
 */
export function newRedirectState(flow: { expiresAt: Date }, url: string): { pending: Omit<PendingRedirect, "action">; href: string } {
  const state = generateToken(32);
  const expiresAt = new Date(Math.min(flow.expiresAt.getTime(), Date.now() + config().RESET_REDIRECT_SECONDS * 1000));
  const target = new URL(url);
  target.searchParams.delete("state");
  const siteUrl = target.href;
  target.searchParams.set("state", state);
  return { pending: { stateHash: hashToken(state), expiresAt: expiresAt.toISOString(), url: siteUrl }, href: target.href };
}
