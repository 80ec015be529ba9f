import type http from "node:http";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { applyMetadataWrites, runPostLogin, type PostLoginFacts, type PostLoginOutcome, type RunPostLoginInput } from "@/lib/actions";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { listEnrolledFactors } from "@/lib/factors";
import { requestContextFrom } from "@/lib/http";
import { writeLog, type LogType } from "@/lib/logs";
import { generateToken } from "@/lib/security";
import { findUserById, parseUserId } from "@/lib/users";
import { saveGrantClaims, suspend, takeSuspension } from "./post-login-store";
import type { RekeySession } from "./rekey-session";
import { GRANT_SECONDS } from "./settings";

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** The provider prompt that runs the post-login Actions (lib/oidc/post-login-prompt.ts). */
export const POST_LOGIN_PROMPT = "post_login";

/** @default 10 minutes: how long a redirect may take before /continue. */
const REDIRECT_SECONDS = 10 * 60;

/** What the interaction handler does next: finish the interaction, or send the browser somewhere. */
export type PostLoginStep = { finish: InteractionResults } | { redirect: string } | { page: { status: number; title: string; message: string } };

/**
 * The `post_login` prompt: the user has signed in (and consented); the post-login Actions run now,
 * before the authorization code is issued, or resume after a redirect came back through
 * /continue. Completed: metadata is written once and the custom claims are kept with the grant
 * for the tokens; denied: the application gets `access_denied` with the Action's reason, as in
 * Auth0; failed: `server_error` (closed).
 */
export async function postLoginStep(provider: Provider, req: http.IncomingMessage, details: Details, session: RekeySession): Promise<PostLoginStep> {
  const suspended = await takeSuspension(details.uid);
  if (suspended === "waiting") {
    return { page: { status: 400, title: "Sign-in not finished", message: "This sign-in is waiting for a step on another site. Finish it there, or go back to the application and sign in again." } };
  }
  const facts = await gatherFacts(provider, req, details, session);
  if (!facts) return { finish: { error: "access_denied", error_description: "The user is not available." } };
  const input: RunPostLoginInput = { facts, deliveryId: details.uid };
  if (suspended?.continued) {
    input.progress = suspended.progress;
    input.resume = { action: suspended.action, params: suspended.continued };
  }
  const outcome = await runPostLogin(input);
  return applyOutcome(outcome, details, facts);
}

async function applyOutcome(outcome: PostLoginOutcome, details: Details, facts: RunPostLoginInput["facts"]): Promise<PostLoginStep> {
  const log = (type: LogType, description: string, extra: Record<string, unknown> = {}) =>
    writeLog({
      type,
      userId: facts.user.id,
      userName: facts.user.email ?? facts.user.username,
      connectionId: facts.connection.id,
      ip: facts.request.ip,
      userAgent: facts.request.userAgent,
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
    case "denied":
      if (outcome.revokeSession) await endSessions(facts.user.id);
      await log("f", `Denied by Action ${outcome.action}${outcome.reason ? `: ${outcome.reason}` : ""}`, { action: outcome.action });
      return { finish: { error: "access_denied", error_description: outcome.reason || "Access denied." } };
    case "failed":
      await log("actions_execution_failed", outcome.message, { action: outcome.action, logs: outcome.logs });
      return { finish: { error: "server_error", error_description: "The sign-in could not be completed because of an error on our side." } };
    case "completed": {
      const { changes } = outcome;
      // The sign-in's factor step is not part of this runtime yet: an Action that asks for a factor
      // must not be satisfied by silence, so the sign-in is refused (closed) until it is wired.
      const wantsFactor = (changes.multifactor && changes.multifactor.provider !== "none") || changes.factorRequests.length > 0;
      if (wantsFactor) {
        await log("actions_execution_failed", "A post-login Action asked for a second factor, which this sign-in cannot ask for yet.", { changes });
        return { finish: { error: "access_denied", error_description: "A second factor is required to sign in to this application." } };
      }
      if (changes.appMetadata.length || changes.userMetadata.length) await writeMetadata(facts.user.id, changes);
      if (details.grantId) await saveGrantClaims(details.grantId, changes, GRANT_SECONDS);
      return { finish: { [POST_LOGIN_PROMPT]: { done: true } } as InteractionResults };
    }
  }
}

/** The metadata writes of every Action, applied once, on the user as it is now. */
async function writeMetadata(userId: string, changes: { appMetadata: Array<{ name: string; value?: unknown }>; userMetadata: Array<{ name: string; value?: unknown }> }) {
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
async function endSessions(userId: string) {
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

async function gatherFacts(provider: Provider, req: http.IncomingMessage, details: Details, session: RekeySession): Promise<RunPostLoginInput["facts"] | undefined> {
  const userId = parseUserId(session.accountId);
  const user = userId ? await findUserById(userId) : null;
  if (!user || user.blocked) return undefined;
  const params = details.params as Record<string, unknown>;
  const clientId = String(params.client_id);
  const client = await provider.Client.find(clientId);
  const enrolled = await listEnrolledFactors(user.id, user).catch(() => undefined);
  const ctx = requestContextFrom(headersOf(req), req.method ?? "GET");
  const signedInAt = new Date(session.signedInAtMs || Date.now());
  const query = Object.fromEntries(new URL(req.url ?? "/", config().PUBLIC_URL).searchParams);
  const facts: Omit<PostLoginFacts, "secrets"> = {
    user,
    connection: { id: user.connection.id, name: user.connection.name },
    enrolledFactors: enrolled?.map((f) => ({ type: f.type })),
    client: { id: clientId, name: (client?.clientName as string | undefined) ?? clientId },
    request: { ...ctx, query, body: {} },
    transaction: {
      id: (details as unknown as { cid?: string }).cid ?? details.uid,
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
    methods: [{ name: "pwd", at: signedInAt }],
    session: details.session?.uid ? { id: details.session.uid, authenticatedAt: signedInAt } : undefined,
  };
  return facts;
}
