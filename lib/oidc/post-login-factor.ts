import type { PostLoginChanges } from "@/lib/actions";
import { config } from "@/lib/config";
import { isFactorEnabled, type SupportedFactorType } from "@/lib/factors";
import { SIGN_IN_ENROLL_METHODS } from "@/lib/pending-sign-in";
import { openWith, sealWith } from "@/lib/security";

/**
 * What a post-login run asks of the sign-in's factor step: an Action's `challengeWith*` /
 * `enrollWith*` (the pipeline waits after that Action), or `multifactor.enable` (deferred to the
 * end of the pipeline, as Auth0 does).
 */
export type FactorDemand =
  | { kind: "request"; action: string; mode: PostLoginChanges["factorRequests"][number]["mode"]; factors: string[] }
  | { kind: "multifactor"; provider: string; allowRememberBrowser: boolean };

/** The factor step to run: which pending sign-in, offering which factors; or why none can be run. */
export type FactorPlan = { reason: "second_factor" | "enroll_factor"; factors: SupportedFactorType[] } | { refuse: string };

/** What a user without a factor sets up for `multifactor.enable`. */
const ENROLLABLE: SupportedFactorType = "otp";

/**
 * Auth0's factor rules applied to the user's enrolled factors (contract: lib/actions/events/README.md):
 * - `challengeWith` / `challengeWithAny`: the requested factors the user has (Rekey offers them all:
 *   the default one first); none of them: the sign-in cannot continue.
 * - `enrollWith` / `enrollWithAny`: the requested factors the sign-in can set up for this user
 *   (`settable`: an authenticator app, email codes to the account's address, a phone), in the
 *   order asked; a user who already has one of them is challenged with it instead (one of each
 *   per user) [I]; none settable: the sign-in cannot continue.
 * - `multifactor.enable("any" | "guardian")`: every enrolled factor; `google-authenticator`: the
 *   authenticator app; a user without one sets it up (Auth0 enrolls a user who has no factor).
 *   `duo` is not available.
 * `push-notification` needs Guardian's app, which Rekey does not have: asking only for it is refused
 * with a clear reason, never satisfied silently.
 */
export function planFactorStep(demand: FactorDemand, enrolled: readonly SupportedFactorType[], settable: readonly SupportedFactorType[] = [ENROLLABLE]): FactorPlan {
  if (demand.kind === "multifactor") {
    if (demand.provider === "duo") return { refuse: "api.multifactor.enable(\"duo\"): Duo is not available in Rekey." };
    const wanted = demand.provider === "google-authenticator" ? enrolled.filter((t) => t === "otp") : [...enrolled];
    return wanted.length ? { reason: "second_factor", factors: wanted } : { reason: "enroll_factor", factors: [ENROLLABLE] };
  }
  const requested = [...new Set(demand.factors)];
  const supported = requested.filter(isFactorEnabled) as SupportedFactorType[];
  const what = `api.authentication.${demand.mode}(${requested.join(", ")}) in Action ${demand.action}`;
  if (supported.length === 0) return { refuse: `${what}: push-notification is not available in Rekey (it needs Auth0 Guardian's app).` };
  if (demand.mode === "enrollWith" || demand.mode === "enrollWithAny") {
    const have = supported.filter((t) => enrolled.includes(t) && (SIGN_IN_ENROLL_METHODS as readonly string[]).includes(t));
    if (have.length) return { reason: "second_factor", factors: have };
    const setUp = supported.filter((t) => settable.includes(t));
    if (setUp.length === 0) return { refuse: `${what}: the sign-in can set up ${settable.join(", ") || "no factor"} for this user.` };
    return { reason: "enroll_factor", factors: setUp };
  }
  const usable = supported.filter((t) => enrolled.includes(t));
  if (usable.length === 0) return { refuse: `${what}: the user has none of these factors (enrolled: ${enrolled.join(", ") || "none"}).` };
  return { reason: "second_factor", factors: usable };
}

/** Whether `multifactor.enable` is already met by a factor of this transaction, or by the session's own. */
export function multifactorMet(provider: string, passed: readonly string[], sessionAmr: readonly string[]): boolean {
  if (provider === "none") return true;
  if (provider === "google-authenticator") return passed.includes("otp") || sessionAmr.includes("otp");
  return passed.length > 0 || sessionAmr.includes("mfa");
}

// ---- allowRememberBrowser: "the user is prompted for MFA once every 30 days" ----

/** @default 30 days, Auth0's remembered-browser period. */
export const REMEMBER_BROWSER_SECONDS = 30 * 24 * 60 * 60;
const REMEMBER_PURPOSE = "rekey mfa remembered browser v1";

export function rememberBrowserCookieName(): string {
  return config().PUBLIC_URL.startsWith("https://") ? "__Host-rekey_mfa_browser" : "rekey_mfa_browser";
}

/**
 * The cookie that remembers this browser passed a factor: sealed (AES-GCM under a key of its own),
 * naming the user and their session version, so a password change, a block or "sign out
 * everywhere" forgets every remembered browser, as Auth0's "invalidate remembered browsers" does.
 */
export function rememberBrowserCookie(userId: string, sessionVersion: number, nowMs = Date.now()): string {
  const value = sealWith(REMEMBER_PURPOSE, JSON.stringify({ u: userId, v: sessionVersion, e: nowMs + REMEMBER_BROWSER_SECONDS * 1000 }), "browser");
  const secure = config().PUBLIC_URL.startsWith("https://") ? "; Secure" : "";
  return `${rememberBrowserCookieName()}=${value}; Path=/; Max-Age=${REMEMBER_BROWSER_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}

/** Whether the request's cookie header carries a live remembered-browser cookie of this user at this session version. */
export function browserRemembered(cookieHeader: string | undefined, userId: string, sessionVersion: number, nowMs = Date.now()): boolean {
  const name = rememberBrowserCookieName();
  for (const part of (cookieHeader ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      const value = JSON.parse(openWith(REMEMBER_PURPOSE, rest.join("="), "browser")) as { u?: unknown; v?: unknown; e?: unknown };
      if (value.u === userId && value.v === sessionVersion && typeof value.e === "number" && value.e > nowMs) return true;
    } catch {
      // Tampered, or sealed under another secret: not remembered.
    }
  }
  return false;
}
