import type http from "node:http";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { applyMetadataWrites, runPostLogin, type ActionFile, type PostLoginFacts, type PostLoginOutcome, type PostLoginProgress, type RunPostLoginInput } from "@/lib/actions";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { enrolledFactorTypes, isFactorEnabled, listEnrolledFactors } from "@/lib/factors";
import { requestContextFrom, type RequestContext } from "@/lib/http";
import { logContext, writeLog, type LogType } from "@/lib/logs";
import { PENDING_SIGN_IN_SECONDS, pendingSignInCookieName, pendingSignInCookieOptions, pendingSignInState, SIGN_IN_ENROLL_METHODS, startPendingSignIn } from "@/lib/pending-sign-in";
import { generateToken } from "@/lib/security";
import { connectionName, findUserRowById } from "@/lib/users";
import type { ProviderText } from "./page-language";
import { browserRemembered, multifactorMet, planFactorStep, rememberBrowserCookie, type FactorDemand } from "./post-login-factor";
import { dropSuspension, saveGrantClaims, suspend, takeSuspension, type Suspension } from "./post-login-store";
import type { RekeySession } from "./rekey-session";
import { GRANT_SECONDS } from "./settings";

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/**
 * The authorization the Actions run for: an interaction (its uid is the sign-in's id and keeps a
 * suspension), or a silent one (`prompt=none`, no interaction: a fresh id).
 */
export type Authorization = Pick<Details, "uid" | "params" | "grantId"> & { session?: { uid?: string }; result?: unknown; cid?: string };

/** The provider prompt that runs the post-login Actions (lib/oidc/post-login-prompt.ts). */
export const POST_LOGIN_PROMPT = "post_login";

/** @default 10 minutes: how long a redirect may take before /continue. */
const REDIRECT_SECONDS = 10 * 60;

/** What the interaction handler does next: finish the interaction, or send the browser somewhere (with cookies to set). */
export type PostLoginStep = ({ finish: InteractionResults } | { redirect: string } | { page: { status: number; title: ProviderText; message: ProviderText } }) & { cookies?: string[] };

/**
 * What the interaction already read or knows, so the step does not read it again: the post-login
 * files it found, the application (the consent step looked it up), and whether the grant was made
 * in this interaction (no earlier run can have kept claims for it).
 */
export type PostLoginKnown = { files?: ActionFile[]; client?: { clientName?: unknown }; newGrant?: boolean };

/**
 * Set in the interaction's result when the step suspended the sign-in (a redirect or a factor
 * step): only then can a suspension row exist for the interaction, so a first run looks none up.
 */
export const POST_LOGIN_SUSPENDED = "rekey_post_login_suspended";

/**
 * The `post_login` prompt: the user has signed in (and consented); the post-login Actions run now,
 * before the authorization code is issued, or resume after a redirect came back through
 * /continue, or after the factor step an Action asked for. Completed: metadata is written once and
 * the custom claims are kept with the grant for the tokens; denied: the application gets
 * `access_denied` with the Action's reason, as in Auth0; failed: `server_error` (closed).
 */
export async function postLoginStep(provider: Provider, req: http.IncomingMessage, details: Authorization, session: RekeySession, known: PostLoginKnown = {}): Promise<PostLoginStep> {
  const mayBeSuspended = (details.result as Record<string, unknown> | undefined)?.[POST_LOGIN_SUSPENDED] === true;
  const suspended = mayBeSuspended ? await takeSuspension(details.uid) : undefined;
  if (suspended === "waiting") {
    return { page: { status: 400, title: "notFinishedTitle", message: "waitingElsewhere" } };
  }
  const ctx = requestContextFrom(headersOf(req), req.method ?? "GET");
  const facts = await gatherFacts(provider, req, ctx, details, session, known.client);
  if (!facts) return { finish: { error: "access_denied", error_description: "The user is not available." } };
  const run: Run = { details, facts, session, cookieHeader: req.headers.cookie, ctx, newGrant: known.newGrant === true };
  if (suspended?.factor) return afterFactorStep(run, suspended as Suspension & { factor: NonNullable<Suspension["factor"]> });
  const input: RunPostLoginInput = { facts, deliveryId: details.uid, files: known.files };
  if (suspended?.continued) {
    input.progress = suspended.progress;
    input.resume = { action: suspended.action, params: suspended.continued };
  }
  return applyOutcome(await runPostLogin(input), run);
}

type Run = { details: Authorization; facts: RunPostLoginInput["facts"]; session: RekeySession; cookieHeader: string | undefined; ctx: RequestContext; newGrant: boolean };

const NOT_COMPLETED = { finish: { error: "access_denied", error_description: "The second factor was not completed." } } satisfies PostLoginStep;

/**
 * Back from the factor step: it passed when its pending sign-in was proved (consumed) by this user
 * and the Rekey session now in the browser is the one that proof started (it carries `mfa` and is
 * newer than the step). Still open: the browser goes back to the step. Then the pipeline goes on
 * with the later Actions (the Action that asked is not run again), or, after the deferred
 * `multifactor.enable`, completes.
 */
async function afterFactorStep(run: Run, suspended: Suspension & { factor: NonNullable<Suspension["factor"]> }): Promise<PostLoginStep> {
  const { factor } = suspended;
  const state = await pendingSignInState(factor.pendingSignInId);
  if (state.kind === "open") return { redirect: verifyUrl(run.details.uid) };
  const passed = state.kind === "proved" && state.userId === run.session.userId && run.session.amr.includes("mfa") && run.session.signedInAtMs >= factor.startedAtMs;
  const dropped = await dropSuspension(run.details.uid);
  if (!passed || !dropped) return NOT_COMPLETED;
  const progress: PostLoginProgress = { ...suspended.progress, passed: [...(suspended.progress.passed ?? []), state.provedWith] };
  const cookies = factor.rememberBrowser ? [rememberBrowserCookie(run.facts.user.id, run.facts.user.sessionVersion)] : [];
  const outcome: PostLoginOutcome = factor.multifactor
    ? { kind: "completed", changes: progress.changes, passed: progress.passed! }
    : await runPostLogin({ facts: run.facts, deliveryId: run.details.uid, progress });
  const step = await applyOutcome(outcome, run);
  return { ...step, cookies: [...cookies, ...(step.cookies ?? [])] };
}

async function applyOutcome(outcome: PostLoginOutcome, run: Run): Promise<PostLoginStep> {
  const { details, facts, session } = run;
  const log = (type: LogType, description: string, extra: Record<string, unknown> = {}) =>
    writeLog({
      type,
      ...logContext(facts.request, { userId: facts.user.id, userName: facts.user.email ?? facts.user.username, connectionId: facts.connection.id }),
      description: description.slice(0, 1000),
      details: { trigger: "post-login", client_id: facts.client.id, ...extra },
    });
  switch (outcome.kind) {
    case "redirect": {
      const state = generateToken(32);
      await suspend(details.uid, state, { action: outcome.action, progress: outcome.progress }, REDIRECT_SECONDS);
      const target = new URL(outcome.url);
      target.searchParams.set("state", state);
      return { redirect: target.href };
    }
    case "factor": {
      const { request } = outcome;
      const demand: FactorDemand = { kind: "request", action: outcome.action, mode: request.mode, factors: request.factors.map((f) => f.type) };
      return startFactorStep(run, demand, outcome.progress, outcome.action, log);
    }
    case "denied":
      if (outcome.revokeSession) await endSessions(facts.user.id);
      await log("f", `Denied by Action ${outcome.action}${outcome.reason ? `: ${outcome.reason}` : ""}`, { action: outcome.action });
      return { finish: { error: "access_denied", error_description: outcome.reason || "Access denied." } };
    case "failed":
      await log("actions_execution_failed", outcome.message, { action: outcome.action, logs: outcome.logs });
      return { finish: { error: "server_error", error_description: "The sign-in could not be completed because of an error on our side." } };
    case "completed": {
      const { changes, passed } = outcome;
      // Auth0 defers multifactor.enable to the end of the flow; a factor of this transaction or the
      // session's own, or (allowRememberBrowser) a browser remembered for 30 days, meets it.
      const mf = changes.multifactor;
      if (mf && multifactorMissing(outcome, run)) return startFactorStep(run, { kind: "multifactor", ...mf }, { done: [], changes, passed }, "multifactor.enable", log);
      if (changes.appMetadata.length || changes.userMetadata.length) await writeMetadata(facts.user.id, changes);
      if (details.grantId) await saveGrantClaims(details.grantId, changes, GRANT_SECONDS, { keptBefore: !run.newGrant });
      const result: Record<string, unknown> = { [POST_LOGIN_PROMPT]: { done: true } };
      // A factor passed in this run: the session now in the browser is the one the factor started,
      // and the ID token's amr and auth_time say so (pwd, the factor's method, mfa).
      if (passed.length) result.login = { accountId: session.accountId, ts: Math.floor(session.signedInAtMs / 1000), amr: session.amr, remember: true };
      return { finish: result as InteractionResults };
    }
  }
}

/** A completed run's `multifactor.enable` that neither this sign-in's factors nor a remembered browser meet. */
function multifactorMissing(outcome: PostLoginOutcome & { kind: "completed" }, run: Run): boolean {
  const mf = outcome.changes.multifactor;
  if (!mf || multifactorMet(mf.provider, outcome.passed, run.session.amr)) return false;
  return !(mf.allowRememberBrowser && browserRemembered(run.cookieHeader, run.facts.user.id, run.facts.user.sessionVersion));
}

/** What a silent authorization's Actions decided: the code may be issued, the user is needed, or an error for the application. */
export type SilentPostLogin = "completed" | "interaction_required" | { error: string; error_description: string };

/**
 * The post-login Actions of an authorization that allows no interaction (`prompt=none`: Auth0's
 * silent authentication runs them too). Completed: metadata and the grant's claims are written as
 * after an interaction; a deny or a failure is the application's error; a redirect, a factor step
 * or an unmet `multifactor.enable` needs the user (`interaction_required`), and nothing is kept.
 */
export async function silentPostLogin(provider: Provider, req: http.IncomingMessage, authorization: Authorization, session: RekeySession, client: PostLoginKnown["client"]): Promise<SilentPostLogin> {
  const ctx = requestContextFrom(headersOf(req), req.method ?? "GET");
  const facts = await gatherFacts(provider, req, ctx, authorization, session, client);
  if (!facts) return { error: "access_denied", error_description: "The user is not available." };
  const run: Run = { details: authorization, facts, session, cookieHeader: req.headers.cookie, ctx, newGrant: false };
  const outcome = await runPostLogin({ facts, deliveryId: authorization.uid });
  if (outcome.kind === "redirect" || outcome.kind === "factor") return "interaction_required";
  if (outcome.kind === "completed" && multifactorMissing(outcome, run)) return "interaction_required";
  const step = await applyOutcome(outcome, run);
  return "finish" in step && "error" in step.finish ? (step.finish as { error: string; error_description: string }) : "completed";
}

type Log = (type: LogType, description: string, extra?: Record<string, unknown>) => Promise<unknown>;

/**
 * Sends the browser to the sign-in's factor step (/login/verify) with a pending sign-in of its own,
 * offering only the factors the demand allows (or setting one of them up), and keeps the
 * run's progress with the interaction until the step is proved. A demand no factor of the user can
 * meet ends the sign-in (`access_denied`), never silently passes.
 */
async function startFactorStep(run: Run, demand: FactorDemand, progress: PostLoginProgress, action: string, log: Log): Promise<PostLoginStep> {
  const { facts, details } = run;
  // What /login/verify's enrolment forms can set up for this user: email codes need an address.
  const settable = SIGN_IN_ENROLL_METHODS.filter((t) => isFactorEnabled(t) && (t !== "email" || !!facts.user.email));
  const plan = planFactorStep(demand, await enrolledFactorTypes(facts.user.id), settable);
  if ("refuse" in plan) {
    await log("f", plan.refuse, { action, demand });
    return { finish: { error: "access_denied", error_description: "A second factor is required to sign in to this application, and this account has none that can be used here." } };
  }
  const started = await startPendingSignIn({
    userId: facts.user.id,
    connectionId: facts.connection.id,
    identifier: facts.user.email ?? facts.user.username ?? facts.user.id,
    reason: plan.reason,
    passwordVerified: true,
    passwordVersion: facts.user.passwordVersion,
    ctx: run.ctx,
    factors: plan.factors,
  });
  const factor = { pendingSignInId: started.id, startedAtMs: Date.now(), multifactor: demand.kind === "multifactor", rememberBrowser: demand.kind === "multifactor" && demand.allowRememberBrowser };
  await suspend(details.uid, generateToken(32), { action, progress, factor }, PENDING_SIGN_IN_SECONDS);
  return { redirect: verifyUrl(details.uid), cookies: [pendingCookie(started.handle)] };
}

function verifyUrl(uid: string): string {
  return `/login/verify?callbackUrl=${encodeURIComponent(`/interaction/${uid}`)}`;
}

function pendingCookie(handle: string): string {
  const o = pendingSignInCookieOptions();
  return `${pendingSignInCookieName()}=${handle}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`;
}

/** The metadata writes of every Action, applied once, on the user as it is now. */
export async function writeMetadata(userId: string, changes: { appMetadata: Array<{ name: string; value?: unknown }>; userMetadata: Array<{ name: string; value?: unknown }> }) {
  const db = await prisma();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { appMetadata: true, userMetadata: true } });
    if (!user) return;
    await tx.user.update({
      where: { id: userId },
      data: {
        appMetadata: applyMetadataWrites(user.appMetadata, changes.appMetadata) as Prisma.InputJsonValue,
        userMetadata: applyMetadataWrites(user.userMetadata, changes.userMetadata) as Prisma.InputJsonValue,
      },
    });
  });
}

/** `api.session.revoke`: every session of the user ends (Rekey sessions carry the version). */
export async function endSessions(userId: string) {
  const db = await prisma();
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 }, sessionsRevokedAt: new Date() } });
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  return headers;
}

const list = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim().split(/\s+/) : []);
const optional = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/**
 * The event's facts. The user is the row the session check read in this request (live, not
 * blocked, the session's version), and the application the one the consent step found, when it did.
 */
async function gatherFacts(
  provider: Provider,
  req: http.IncomingMessage,
  ctx: RequestContext,
  details: Authorization,
  session: RekeySession,
  knownClient: PostLoginKnown["client"],
): Promise<RunPostLoginInput["facts"] | undefined> {
  // The session check read the user's row when it proved the session live (the interaction asks it to).
  const params = details.params as Record<string, unknown>;
  const clientId = String(params.client_id);
  const [user, client] = await Promise.all([session.user ?? findUserRowById(session.userId), knownClient ?? provider.Client.find(clientId)]);
  if (!user || user.blocked) return undefined;
  const [connection, enrolled] = await Promise.all([connectionName(user.connectionId), listEnrolledFactors(user.id, user).catch(() => undefined)]);
  const signedInAt = new Date(session.signedInAtMs || Date.now());
  const query = Object.fromEntries(new URL(req.url ?? "/", config().PUBLIC_URL).searchParams);
  const facts: Omit<PostLoginFacts, "secrets"> = {
    user,
    connection: { id: user.connectionId, name: connection ?? user.connectionId },
    enrolledFactors: enrolled?.map((f) => ({ type: f.type })),
    client: { id: clientId, name: (client?.clientName as string | undefined) ?? clientId },
    request: { ...ctx, query, body: {} },
    transaction: {
      id: details.cid ?? details.uid,
      protocol: "oidc-basic-profile",
      requestedScopes: list(params.scope),
      redirectUri: optional(params.redirect_uri),
      responseType: list(params.response_type),
      responseMode: optional(params.response_mode) ?? "query",
      state: optional(params.state),
      uiLocales: list(params.ui_locales),
      acrValues: list(params.acr_values),
      prompt: list(params.prompt),
      loginHint: optional(params.login_hint),
    },
    methods: [{ name: "pwd", at: signedInAt }, ...(session.amr.includes("mfa") ? [{ name: "mfa", at: signedInAt }] : [])],
    session: details.session?.uid ? { id: details.session.uid, authenticatedAt: signedInAt } : undefined,
  };
  return facts;
}
