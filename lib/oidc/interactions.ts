import type http from "node:http";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http";
import { localizeError } from "@/lib/i18n/localize";
import { pageLanguage, type PageLanguage } from "./page-language";
import { escapeHtml, page } from "./pages";
import { discoverActions } from "@/lib/actions";
import { POST_LOGIN_PROMPT, POST_LOGIN_SUSPENDED, postLoginStep, type PostLoginKnown } from "./post-login";
import { recordGrantSessionVersion } from "./grant-versions";
import { GRANT_SECONDS } from "./settings";
import { rekeySessionOf, type RekeySession } from "./rekey-session";
import { INTERACTION_PREFIX } from "./routes";

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;
type Step = "show" | "confirm" | "abort";

export type InteractionDeps = {
  /** When a fresh sign-in was asked for this interaction (ms), kept by the provider's interactions.url. */
  loginRequestedAt(uid: string): Promise<number | undefined>;
  /** An application's login URI (Auth0's initiate_login_uri), where a sign-in that cannot resume starts again. */
  loginUriOf(clientId: string): Promise<string | null>;
};

/**
 * A sign-in that is gone (expired, or this browser never had it: a reset link opened elsewhere):
 * with `client_id` in the query (the reset's "Back to <app>"), the application's login URI starts
 * a new one; otherwise a page says so.
 */
async function sendExpired(req: http.IncomingMessage, res: http.ServerResponse, deps: InteractionDeps): Promise<void> {
  const clientId = new URL(req.url ?? "/", "http://x").searchParams.get("client_id");
  const loginUri = req.method === "GET" && clientId ? await deps.loginUriOf(clientId) : null;
  if (loginUri) return redirect(res, loginUri);
  const language = pageLanguage(req.headers);
  return sendPage(res, language, 400, language.t("provider.expiredTitle"), language.t("provider.signInAgain"));
}

function sendPage(res: http.ServerResponse, language: PageLanguage, status: number, title: string, message: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(page(language, title, `<p>${escapeHtml(message)}</p>`));
}

function redirect(res: http.ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

function toRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(new URL(req.url ?? "/", config().PUBLIC_URL), { method: "GET", headers });
}

/**
 * Whether a Rekey session satisfies the login the provider asks for: `prompt=login` wants a
 * sign-in after the request (compared in ms, kept server-side: `auth_time` is whole seconds, so
 * "just before" and "just after" would tie), `max_age` a sign-in at most that many seconds ago.
 */
async function isFreshEnough(details: Details, session: RekeySession, deps: InteractionDeps): Promise<boolean> {
  const reasons = details.prompt.reasons;
  if (reasons.includes("login_prompt")) {
    const askedAt = (await deps.loginRequestedAt(details.uid)) ?? (details.iat + 1) * 1000;
    if (session.signedInAtMs <= askedAt) return false;
  }
  const maxAge = details.params.max_age;
  if (reasons.includes("max_age") && maxAge !== undefined && Date.now() - session.signedInAtMs > Number(maxAge) * 1000) return false;
  return true;
}

/** Grants what the consent prompt lists as missing, on the interaction's grant or a new one (`isNew`). */
async function grantRequested(provider: Provider, details: Details, session: RekeySession): Promise<{ grantId: string; isNew: boolean }> {
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId: session.accountId, clientId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  const grantId = await grant.save();
  await recordGrantSessionVersion(grantId, session.sessionVersion, GRANT_SECONDS);
  return { grantId, isNew: !existing };
}

/**
 * THE place where a sign-in completes for an /authorize interaction: the Rekey session (password,
 * and the second factor the MFA policy asked for) satisfies the login prompt, and the provider is
 * told who signed in and how (`amr` goes into the ID token). With a grant already, the post-login
 * Actions run here too (finishWithPostLogin); otherwise in the consent step that follows.
 */
async function completeInteractionSignIn(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, details: Details, session: RekeySession): Promise<void> {
  const ts = Math.floor(session.signedInAtMs / 1000) || Math.floor(Date.now() / 1000);
  const result = { login: { accountId: session.accountId, ts, amr: session.amr, remember: true } };
  // With a grant already (a returning user), nothing but the post_login prompt follows: the Actions run now.
  if (details.grantId) return finishWithPostLogin(provider, req, res, details, session, result);
  return finishAsRead(details, res, result);
}

/**
 * Runs the post-login Actions inside the interaction that ends the login or consent prompt, so a
 * sign-in whose Actions neither redirect nor ask for a factor costs no extra interaction round trip
 * (the post_login prompt is then already answered). A redirect or a factor step keeps this prompt's
 * result with the interaction, and the browser comes back to the same interaction, which resumes
 * the Actions. Without post-login Actions it costs one cached folder read.
 */
async function finishWithPostLogin(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  details: Details,
  session: RekeySession,
  result: InteractionResults,
  grantId = details.grantId,
  known: Omit<PostLoginKnown, "files"> = {},
): Promise<void> {
  const earlier = { ...details.result } as InteractionResults;
  delete earlier[POST_LOGIN_SUSPENDED];
  if (earlier[POST_LOGIN_PROMPT]) return finishAsRead(details, res, { ...earlier, ...result });
  const files = await discoverActions("post-login");
  if (files.length === 0) return finishAsRead(details, res, { ...earlier, ...result });
  const next = await postLoginStep(provider, req, Object.assign(Object.create(Object.getPrototypeOf(details)), details, { grantId }) as Details, session, { ...known, files });
  // The factor step's pending sign-in cookie, a remembered browser: appended to, never replacing, the provider's own.
  if (next.cookies?.length) res.setHeader("Set-Cookie", next.cookies);
  if ("finish" in next) {
    const { finish: outcome } = next;
    // A factor passed in the Actions brings a newer login (amr with mfa); otherwise the earlier one stays.
    // Nothing in this request saved the interaction yet, so the one read here is finished as read.
    return finishAsRead(details, res, "error" in outcome ? outcome : { ...earlier, ...result, ...outcome });
  }
  // Marks the interaction as one with a suspension (see POST_LOGIN_SUSPENDED); a finish leaves it out.
  await provider.interactionResult(req, res, { ...earlier, ...result, [POST_LOGIN_SUSPENDED]: true }, { mergeWithLastSubmission: true });
  if ("redirect" in next) return redirect(res, next.redirect);
  const language = pageLanguage(req.headers, details.params.ui_locales);
  return sendPage(res, language, next.page.status, language.t(`provider.${next.page.title}`), language.t(`provider.${next.page.message}`));
}

/**
 * provider.interactionFinished on the interaction this request read and has not saved since: the
 * provider's own reads the interaction and its session again (two database round trips in every
 * sign-in). The same result, merged with the last submission, saved for its remaining lifetime.
 */
async function finishAsRead(details: Details, res: http.ServerResponse, result: InteractionResults): Promise<void> {
  details.result = "error" in result ? result : { ...details.lastSubmission, ...result };
  await details.persist();
  res.statusCode = 303;
  res.setHeader("Location", details.returnTo);
  res.setHeader("Content-Length", "0");
  res.end();
}

/**
 * `/interaction/<uid>` (GET) and its POST steps `confirm` and `abort`. In order: the interaction
 * (its cookie, not expired, the same uid), the Rekey session (a fresh one when asked), then the
 * prompt: login ends with the account; consent is granted at once for first-party applications
 * and shown on a page for the others.
 */
export function createInteractionHandler(provider: Provider, deps: InteractionDeps) {
  return async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const [uid, action] = pathname.slice(INTERACTION_PREFIX.length).split("/");
    const step: Step = action === "confirm" ? "confirm" : action === "abort" ? "abort" : "show";
    if ((step === "show") !== (req.method === "GET" || req.method === "HEAD")) {
      const language = pageLanguage(req.headers);
      return sendPage(res, language, 405, language.t("provider.notAllowedTitle"), language.t("provider.useSignInPage"));
    }
    if (step !== "show") {
      try {
        assertSameOrigin(toRequest(req));
      } catch (error) {
        const language = pageLanguage(req.headers);
        const message = error instanceof AppError ? localizeError(language.t, error) : language.t("errors.CSRF_FAILED");
        return sendPage(res, language, 403, language.t("provider.formExpiredTitle"), message);
      }
    }
    let details: Details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendExpired(req, res, deps);
    }
    if (details.uid !== uid) return sendExpired(req, res, deps);
    if (step === "abort") {
      return finishAsRead(details, res, { error: "access_denied", error_description: "The user did not allow the application." });
    }

    // With the user's row (the same one query): the post-login Actions may run in this request.
    const session = await rekeySessionOf(req.headers.cookie, { withUser: true });
    const here = `${INTERACTION_PREFIX}${uid}`;
    if (details.prompt.name === "login") {
      if (!session || !(await isFreshEnough(details, session, deps))) {
        const fresh = session ? "&prompt=login" : "";
        return redirect(res, `/login?callbackUrl=${encodeURIComponent(here)}${fresh}`);
      }
      return completeInteractionSignIn(provider, req, res, details, session);
    }
    if (details.prompt.name === "consent") {
      // The consent belongs to the signed-in account only; a session that ended meanwhile signs in again.
      if (!session || session.accountId !== details.session?.accountId) return redirect(res, `/login?callbackUrl=${encodeURIComponent(here)}`);
      const client = await provider.Client.find(String(details.params.client_id));
      const firstParty = (client as unknown as Record<string, unknown> | undefined)?.rekey_first_party === true;
      // Granted already in this interaction (its Actions then redirected or asked for a factor): the same grant.
      const granted = (details.result as InteractionResults | undefined)?.consent?.grantId as string | undefined;
      if (!granted && step === "show" && !firstParty) return redirect(res, `${here}/consent`);
      const grant = granted ? { grantId: granted, isNew: false } : await grantRequested(provider, details, session);
      return finishWithPostLogin(provider, req, res, details, session, { consent: { grantId: grant.grantId } }, grant.grantId, { client, newGrant: grant.isNew });
    }
    if (details.prompt.name === POST_LOGIN_PROMPT) {
      if (!session || session.accountId !== details.session?.accountId) return redirect(res, `/login?callbackUrl=${encodeURIComponent(here)}`);
      return finishWithPostLogin(provider, req, res, details, session, {});
    }
    const language = pageLanguage(req.headers, details.params.ui_locales);
    return sendPage(res, language, 400, language.t("provider.errorTitle"), language.t("provider.signInAgain"));
  };
}
