import { errors, type KoaContextWithOIDC } from "oidc-provider";
import { discoverActions, runPostLogin, type RunPostLoginInput } from "@/lib/actions";
import { listEnrolledFactors } from "@/lib/factors";
import { requestContextFrom } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { auth0UserId, type findUserById } from "@/lib/users";
import { endSessions, writeMetadata } from "./post-login";
import { saveGrantClaims } from "./post-login-store";
import { GRANT_SECONDS } from "./settings";

type User = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/** The refresh token as the provider hands it to findAccount. */
export type RefreshTokenLike = {
  kind?: string;
  jti?: string;
  grantId?: string;
  sessionUid?: string;
  scope?: string;
  amr?: string[];
  authTime?: number;
  iat?: number;
  exp?: number;
  consumed?: unknown;
  destroy?: () => Promise<void>;
};

/** Body parameters never shown to an Action: the credentials of the exchange. */
const SECRET_PARAMS = new Set(["client_secret", "client_assertion", "refresh_token", "code_verifier"]);

function oauthError(status: number, error: string, description: string): Error {
  const e = new errors.CustomOIDCProviderError(error, description);
  Object.assign(e, { status, statusCode: status, expose: true });
  return e;
}

/**
 * Auth0 runs post-login on a refresh-token exchange too, with `event.transaction.protocol =
 * "oauth2-refresh-token"` (contract: lib/actions/events/README.md). Called by findAccount while the
 * provider validates the refresh token, before it is rotated: a refusal leaves the token as it was.
 * Denied: `access_denied` (403) with the Action's reason; a factor demand (multifactor.enable,
 * challengeWith*, enrollWith*): `mfa_required` (403), as Auth0 fails such an exchange; a redirect
 * cannot happen without a browser: `invalid_request`; `refreshToken.revoke`: the token is revoked and
 * the exchange fails with `invalid_grant`. Completed: metadata is written and the grant's custom
 * claims are replaced by this run's, so the new tokens carry them.
 */
export async function runPostLoginOnRefresh(ctx: KoaContextWithOIDC, user: User, token: RefreshTokenLike): Promise<void> {
  const files = await discoverActions("post-login");
  if (files.length === 0) return;
  const client = ctx.oidc.client;
  const clientId = client?.clientId ?? "";
  const body = Object.fromEntries(Object.entries((ctx.oidc.params ?? {}) as Record<string, unknown>).filter(([k, v]) => v !== undefined && !SECRET_PARAMS.has(k)));
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = requestContextFrom(headers, ctx.method);
  const authTime = new Date((token.authTime ?? token.iat ?? Math.floor(Date.now() / 1000)) * 1000);
  const enrolled = await listEnrolledFactors(user.id, user).catch(() => undefined);
  const facts: RunPostLoginInput["facts"] = {
    user,
    connection: { id: user.connection.id, name: user.connection.name },
    enrolledFactors: enrolled?.map((f) => ({ type: f.type })),
    client: { id: clientId, name: (client?.clientName as string | undefined) ?? clientId },
    request: { ...request, query: {}, body },
    transaction: {
      id: `refresh_${token.jti ?? ""}`,
      protocol: "oauth2-refresh-token",
      requestedScopes: String(ctx.oidc.params?.scope ?? token.scope ?? "").split(" ").filter(Boolean),
      uiLocales: [],
      acrValues: [],
    },
    methods: (token.amr ?? ["pwd"]).filter((m) => m === "pwd" || m === "mfa").map((name) => ({ name, at: authTime })),
    session: token.sessionUid ? { id: token.sessionUid, authenticatedAt: authTime } : undefined,
    refreshToken: token.jti
      ? { id: token.jti, clientId, createdAt: token.iat ? new Date(token.iat * 1000) : undefined, expiresAt: token.exp ? new Date(token.exp * 1000) : undefined, sessionId: token.sessionUid, userId: auth0UserId(user.id) }
      : undefined,
  };
  const outcome = await runPostLogin({ facts, deliveryId: facts.transaction.id, files });
  const log = (type: "f" | "actions_execution_failed", description: string, action: string) =>
    writeLog({ type, ...logContext(request, { userId: user.id, userName: user.email ?? user.username, connectionId: user.connection.id }), description, details: { trigger: "post-login", protocol: "oauth2-refresh-token", client_id: clientId, action } });
  switch (outcome.kind) {
    case "denied":
      if (outcome.revokeSession) await endSessions(user.id);
      await log("f", `Refresh denied by Action ${outcome.action}${outcome.reason ? `: ${outcome.reason}` : ""}`, outcome.action);
      throw oauthError(403, "access_denied", outcome.reason || "Access denied.");
    case "failed":
      await log("actions_execution_failed", outcome.message, outcome.action);
      throw oauthError(500, "server_error", "The token could not be issued because of an error on our side.");
    case "redirect":
      await log("actions_execution_failed", `Action ${outcome.action} called api.redirect.sendUserTo on a refresh-token exchange, which has no browser to send.`, outcome.action);
      throw oauthError(400, "invalid_request", "This exchange cannot redirect the user; sign in again.");
    case "factor":
      throw oauthError(403, "mfa_required", "Multifactor authentication required");
    case "completed": {
      const { changes } = outcome;
      if (changes.multifactor && changes.multifactor.provider !== "none") throw oauthError(403, "mfa_required", "Multifactor authentication required");
      if (changes.appMetadata.length || changes.userMetadata.length) await writeMetadata(user.id, changes);
      if (changes.refreshTokenRevoked !== undefined) {
        await token.destroy?.();
        throw oauthError(400, "invalid_grant", changes.refreshTokenRevoked || "The refresh token was revoked.");
      }
      if (token.grantId) await saveGrantClaims(token.grantId, changes, GRANT_SECONDS);
    }
  }
}
