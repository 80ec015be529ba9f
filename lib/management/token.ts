import crypto from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { runCredentialsExchange } from "@/lib/actions";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { assertRateLimit } from "@/lib/security";
import { text } from "@/lib/validation";
import { apiAccessFor, findResourceServer } from "@/lib/applications";
// By path, not lib/oidc's index: the keys and the signer load no oidc-provider code into Next's bundles.
import { signWithTenantKey, type SigningAlg } from "@/lib/oidc/keys";
import { authenticateClient, findActiveClient, touchClient, type TokenClient } from "./clients";
import { isManagementScope, parseScopes, type ManagementScope } from "./scopes";

/** @default 24 hours, Auth0's default lifetime of a Management API token. */
export const ACCESS_TOKEN_SECONDS = 24 * 60 * 60;

/** The Management API's identifier, as Auth0 names it: `https://{domain}/api/v2/`. */
export function managementAudience(): string {
  return `${config().PUBLIC_URL}/api/v2/`;
}

function issuer(): string {
  return `${config().PUBLIC_URL}/`;
}

// A key of its own, derived from AUTH_SECRET: a token can never be confused with a session or a
// flow cookie signed under the secret itself, and rotating AUTH_SECRET revokes every token.
const KEYS = new Map<string, Buffer>();
function signingKey(): Buffer {
  const secret = config().AUTH_SECRET;
  let key = KEYS.get(secret);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", secret, "rekey", "management-api-access-token", 32));
    KEYS.clear();
    KEYS.set(secret, key);
  }
  return key;
}

/** Every token's header, byte for byte what it has always been: `{"alg":"HS256","typ":"JWT"}`. */
const HEADER = { alg: "HS256", typ: "JWT" } as const;

/**
 * The body of a client-credentials request, as JSON or a form: its shape only. Its text is checked
 * by tokenFieldsSchema after the rate limit, so that a refusal can be logged like any failed
 * exchange without letting anyone write log rows unlimited.
 */
export const tokenRequestSchema = z.object({
  grant_type: z.string().max(200).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(500).optional(),
  audience: z.string().max(2048).optional(),
  scope: z.string().max(2048).optional(),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

// The secret is only ever hashed, so it may hold any character.
const tokenFieldsSchema = tokenRequestSchema.extend({
  grant_type: text({ max: 200 }).optional(),
  client_id: text({ max: 200 }).optional(),
  audience: text({ max: 2048 }).optional(),
  scope: text({ max: 2048 }).optional(),
});

export type TokenResponse = { access_token: string; scope: string; expires_in: number; token_type: "Bearer" };

function oauthError(status: 400 | 401 | 403, error: string, description: string): AppError {
  const code = status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : "INVALID_INPUT";
  return new AppError(code, description, { status, data: { oauthError: error } });
}

/**
 * Client credentials from HTTP Basic (RFC 6749 §2.3.1: each part form-url-encoded), or null. Both
 * Basic and body credentials at once is refused: which one would count is ambiguous.
 */
export function basicCredentials(authorization: string | null): { clientId: string; clientSecret: string } | null {
  if (!authorization?.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw oauthError(400, "invalid_request", "Malformed HTTP Basic credentials");
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")), clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")) };
  } catch {
    throw oauthError(400, "invalid_request", "Malformed HTTP Basic credentials");
  }
}

/**
 * `POST /oauth/token` with `grant_type=client_credentials`. The steps, in order: rate limit by IP
 * (before any secret is compared, so guessing is slow), the grant, the client's id and secret
 * (unknown, revoked and wrong all answer alike), the client's grant types, the audience (the
 * Management API or an API of the tenant) and the client's grant on it, the requested scopes, the
 * credentials-exchange Actions; then a token carrying the scopes granted (or the requested ones).
 */
export async function issueClientCredentialsToken(
  body: TokenRequest,
  authorization: string | null,
  ctx: RequestContext,
): Promise<TokenResponse> {
  await assertRateLimit("managementTokenPerIp", ipLimitKey(ctx.ip), undefined, { tooMany: "requests" });
  const fail = async (error: AppError, clientId = body.client_id) => {
    await writeLog({ type: "feccft", ...logContext(ctx), description: error.message, details: { client_id: (clientId ?? "").slice(0, 64) } });
    return error;
  };
  const fields = tokenFieldsSchema.safeParse(body);
  if (!fields.success) throw await fail(oauthError(400, "invalid_request", `Invalid parameter: ${fields.error.issues[0]?.path.join(".") ?? ""}`));
  if (!body.grant_type) throw oauthError(400, "invalid_request", "Missing required parameter: grant_type");
  if (body.grant_type !== "client_credentials") throw oauthError(400, "unsupported_grant_type", `Unsupported grant type: ${body.grant_type.slice(0, 100)}`);

  const basic = basicCredentials(authorization);
  if (basic && (body.client_id !== undefined || body.client_secret !== undefined)) {
    throw oauthError(400, "invalid_request", "Use one client authentication method: HTTP Basic or the request body");
  }
  const clientId = basic?.clientId ?? body.client_id;
  const clientSecret = basic?.clientSecret ?? body.client_secret;
  if (!clientId) throw oauthError(400, "invalid_request", "Missing required parameter: client_id");
  if (!clientSecret) throw oauthError(401, "access_denied", "Unauthorized");

  const client = await authenticateClient(clientId, clientSecret);
  if (!client) throw await fail(oauthError(401, "access_denied", "Unauthorized"), clientId);
  if (!client.grantTypes.includes("client_credentials")) {
    throw await fail(oauthError(403, "unauthorized_client", "Grant type 'client_credentials' not allowed for the client."), clientId);
  }

  const management = managementAudience();
  const requestedAudience = body.audience ?? management;
  const target = requestedAudience === management || `${requestedAudience}/` === management ? await managementTarget(client) : await apiTarget(client.id, requestedAudience);
  if (target.kind === "unknown") throw await fail(oauthError(403, "access_denied", `Service not enabled within domain: ${requestedAudience.slice(0, 200)}`), clientId);
  if (target.kind === "not_granted") {
    throw await fail(oauthError(403, "access_denied", `Client is not authorized to access "${target.audience.slice(0, 200)}". You need to create a "client-grant" associated to this API.`), clientId);
  }

  let scopes = target.scopes;
  if (body.scope !== undefined && body.scope.trim() !== "") {
    const requested = [...new Set(body.scope.trim().split(/\s+/))];
    const missing = requested.filter((s) => !target.scopes.includes(s));
    if (missing.length) throw await fail(oauthError(403, "access_denied", `Client has not been granted scopes: ${missing.join(",").slice(0, 300)}`), clientId);
    scopes = requested;
  }

  const claims = await credentialsExchange(client, target.audience, scopes, body, ctx, fail);
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    // First, so no custom claim can stand in for a registered one (protected names are dropped anyway).
    ...claims,
    iss: issuer(),
    sub: `${client.id}@clients`,
    aud: target.audience,
    iat: now,
    exp: now + target.lifetime,
    scope: scopes.join(" "),
    gty: "client-credentials",
    azp: client.id,
    jti: crypto.randomUUID(),
  };
  // The Management API's tokens keep their own key (HS256, below); an API's are signed with the
  // tenant's key of its algorithm, so the API verifies them against the published JWKS.
  const accessToken = target.signingAlg ? await signWithTenantKey(payload, target.signingAlg) : await new SignJWT(payload).setProtectedHeader(HEADER).sign(signingKey());
  await touchClient(client);
  await writeLog({ type: "seccft", ...logContext(ctx), details: { client_id: client.id, audience: target.audience, scope: payload.scope } });
  return { access_token: accessToken, scope: payload.scope, expires_in: target.lifetime, token_type: "Bearer" };
}

/** What a client-credentials token is for: an API and the scopes the client may get there. */
type TokenTarget =
  | { kind: "granted"; audience: string; scopes: string[]; lifetime: number; signingAlg?: SigningAlg }
  | { kind: "not_granted"; audience: string }
  | { kind: "unknown" };

/** The Management API: the client's grant on it, or none (Auth0 refuses a client without one). */
async function managementTarget(client: TokenClient): Promise<TokenTarget> {
  const audience = managementAudience();
  if (!client.managementGrant) return { kind: "not_granted", audience };
  return { kind: "granted", audience, scopes: client.scopes.filter(isManagementScope), lifetime: ACCESS_TOKEN_SECONDS };
}

/** An API (resource server): the scopes it defines that the client was granted, for its lifetime. */
async function apiTarget(clientId: string, identifier: string): Promise<TokenTarget> {
  const access = await apiAccessFor(clientId, identifier);
  if (access) return { kind: "granted", audience: access.api.identifier, scopes: access.scopes, lifetime: access.api.tokenLifetimeSec, signingAlg: access.api.signingAlg as SigningAlg };
  const api = await findResourceServer(identifier);
  return api && api.identifier === identifier ? { kind: "not_granted", audience: identifier } : { kind: "unknown" };
}

/**
 * The credentials-exchange Actions (Auth0's M2M trigger), after every check and before signing: a
 * deny answers with the Action's OAuth error code; a failing Action refuses the token (closed).
 */
async function credentialsExchange(
  client: { id: string; name: string },
  audience: string,
  scopes: string[],
  body: TokenRequest,
  ctx: RequestContext,
  fail: (error: AppError, clientId?: string) => Promise<AppError>,
): Promise<Record<string, unknown>> {
  const requested = body.scope?.trim() ? body.scope.trim().split(/\s+/) : [];
  const outcome = await runCredentialsExchange({
    client: { id: client.id, name: client.name },
    audience,
    scopes,
    requestedScopes: requested,
    request: { ...ctx, body: { ...body } },
  });
  if (outcome.kind === "allowed") return outcome.claims;
  if (outcome.kind === "denied") {
    const error =
      outcome.code === "server_error"
        ? new AppError("INTERNAL", outcome.reason || undefined, { data: { oauthError: "server_error" }, detail: `Denied by Action ${outcome.action}` })
        : oauthError(400, outcome.code, outcome.reason || "Denied");
    throw await fail(error, client.id);
  }
  await writeLog({ type: "actions_execution_failed", ...logContext(ctx), description: outcome.message.slice(0, 1000), details: { trigger: "credentials-exchange", action: outcome.action, client_id: client.id } });
  throw await fail(new AppError("INTERNAL", undefined, { data: { oauthError: "server_error" }, detail: outcome.message }), client.id);
}

/** Who is calling the Management API, and with which scopes. */
export type ManagementPrincipal = { clientId: string; clientName: string; scopes: ManagementScope[] };

const claimsSchema = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  iat: z.number(),
  scope: z.string().optional(),
  azp: z.string(),
});

const INVALID_TOKEN = () => new AppError("UNAUTHENTICATED", "Invalid token");

/**
 * Checks `Authorization: Bearer <token>` for a Management API call: the signature (jose, HS256
 * only: the header's algorithm is compared, never obeyed), then the lifetime, issuer and audience,
 * then that the client still exists and is not revoked. The scopes are those of the token that
 * the client still holds.
 */
export async function verifyManagementToken(authorization: string | null): Promise<ManagementPrincipal> {
  const match = /^Bearer +([A-Za-z0-9_.-]+)\s*$/i.exec(authorization ?? "");
  if (!authorization || !/^bearer /i.test(authorization)) throw new AppError("UNAUTHENTICATED", "Missing authentication");
  if (!match || match[1]!.length > 4096) throw INVALID_TOKEN();
  let claims: z.infer<typeof claimsSchema>;
  try {
    // jose checks the signature, then exp, iss and aud; typ must say JWT as every token of ours does.
    const { payload } = await jwtVerify(match[1]!, signingKey(), {
      algorithms: [HEADER.alg],
      typ: HEADER.typ,
      issuer: issuer(),
      audience: managementAudience(),
      requiredClaims: ["exp", "iat", "sub", "azp"],
    });
    claims = claimsSchema.parse(payload);
  } catch {
    throw INVALID_TOKEN();
  }
  // jose accepts any iat; one from the future (beyond a minute of clock skew) was not issued here.
  if (claims.iat > Math.floor(Date.now() / 1000) + 60) throw INVALID_TOKEN();
  if (claims.sub !== `${claims.azp}@clients`) throw INVALID_TOKEN();
  const client = await findActiveClient(claims.azp);
  if (!client) throw INVALID_TOKEN();
  await touchClient(client);
  const held = new Set(client.scopes);
  return { clientId: client.id, clientName: client.name, scopes: parseScopes(claims.scope).filter((s) => held.has(s)) };
}
