import { z } from "zod";
import {
  APP_TYPES,
  createApplication,
  deleteApplication,
  findApplication,
  GRANT_TYPES,
  ID_TOKEN_ALGS,
  listApplications,
  listClientGrants,
  MANAGEMENT_GRANT_AUDIENCE,
  openApplicationSecret,
  rotateApplicationSecret,
  TOKEN_ENDPOINT_AUTH_METHODS,
  updateApplication,
  type Application,
  type ApplicationPatch,
} from "@/lib/applications";
import { AppError } from "@/lib/errors";
import { text } from "@/lib/validation";
import { fieldParams, pagedList, pagingParams, selectFields } from "./query";
import { ADMIN_ONLY_GRANTS, type ManagementScope } from "./scopes";
import type { ManagementPrincipal } from "./token";

// `/api/v2/clients` in Auth0's shapes. Auth0 shows `client_secret` only to callers holding
// read:client_keys, and rotates it for update:client_keys.

/** One application as Auth0's Management API shows a client. */
export function toAuth0Client(app: Application, options: { withSecret: boolean }) {
  let secret: string | null = null;
  if (options.withSecret) {
    try {
      secret = openApplicationSecret(app);
    } catch {
      secret = null;
    }
  }
  return {
    client_id: app.id,
    name: app.name,
    description: "",
    app_type: app.appType,
    is_first_party: app.isFirstParty,
    oidc_conformant: true,
    global: false,
    callbacks: app.callbacks,
    allowed_logout_urls: app.allowedLogoutUrls,
    web_origins: app.webOrigins,
    allowed_origins: [] as string[],
    ...(app.initiateLoginUri ? { initiate_login_uri: app.initiateLoginUri } : {}),
    grant_types: app.grantTypes,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    jwt_configuration: { alg: app.idTokenSignedResponseAlg, lifetime_in_seconds: app.idTokenLifetimeSec, secret_encoded: false },
    refresh_token: {
      rotation_type: app.refreshTokenRotation,
      expiration_type: "expiring",
      leeway: 0,
      token_lifetime: app.refreshTokenLifetimeSec,
      infinite_token_lifetime: false,
      infinite_idle_token_lifetime: true,
    },
    oidc_logout: { backchannel_logout_urls: app.backchannelLogoutUri ? [app.backchannelLogoutUri] : [] },
    ...(secret ? { client_secret: secret } : {}),
  };
}

const url = text({ max: 2048 });
const urls = z.array(url).max(100);

/** The fields of Auth0's client body Rekey serves; any other property is refused, as Auth0's validator does. */
const clientBodyShape = {
  name: text({ max: 100 }).pipe(z.string().trim().min(1)),
  description: text({ max: 140 }),
  app_type: z.enum(APP_TYPES),
  is_first_party: z.boolean(),
  oidc_conformant: z.literal(true),
  callbacks: urls,
  allowed_logout_urls: urls,
  web_origins: urls,
  initiate_login_uri: url,
  grant_types: z.array(z.enum(GRANT_TYPES)).max(3),
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS),
  jwt_configuration: z.strictObject({ alg: z.enum(ID_TOKEN_ALGS).optional(), lifetime_in_seconds: z.number().int().min(60).max(30 * 24 * 3600).optional() }),
  refresh_token: z.strictObject({
    rotation_type: z.enum(["rotating", "non-rotating"]).optional(),
    expiration_type: z.literal("expiring").optional(),
    leeway: z.number().int().min(0).max(0).optional(),
    token_lifetime: z.number().int().min(60).max(365 * 24 * 3600).optional(),
    infinite_token_lifetime: z.literal(false).optional(),
    infinite_idle_token_lifetime: z.boolean().optional(),
  }),
  oidc_logout: z.strictObject({ backchannel_logout_urls: z.array(url).max(1) }),
};

export const createClientBodySchema = z.strictObject(clientBodyShape).partial().required({ name: true });
export const updateClientBodySchema = z.strictObject(clientBodyShape).partial();
export type ClientBody = z.infer<typeof updateClientBodySchema>;

/** Auth0's body as the application's fields. */
function applicationFieldsOf(body: ClientBody): ApplicationPatch {
  const backchannel = body.oidc_logout?.backchannel_logout_urls;
  return {
    name: body.name,
    app_type: body.app_type,
    is_first_party: body.is_first_party,
    callbacks: body.callbacks,
    allowed_logout_urls: body.allowed_logout_urls,
    web_origins: body.web_origins,
    initiate_login_uri: body.initiate_login_uri,
    grant_types: body.grant_types,
    token_endpoint_auth_method: body.token_endpoint_auth_method,
    id_token_signed_response_alg: body.jwt_configuration?.alg,
    id_token_lifetime: body.jwt_configuration?.lifetime_in_seconds,
    refresh_token_rotation: body.refresh_token?.rotation_type,
    refresh_token_lifetime: body.refresh_token?.token_lifetime,
    backchannel_logout_uri: backchannel ? (backchannel[0] ?? null) : undefined,
  };
}

/** Without undefined values: absent means unchanged (or the default, on create). */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Turns lib/applications' field refusals into Auth0's validation error. */
async function asPayloadError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === "INVALID_INPUT") {
      const [field, problem] = Object.entries((error.data?.fields ?? {}) as Record<string, string>)[0] ?? [];
      const message = field ? `Payload validation error: '${problem}' on property ${field}.` : error.message;
      throw new AppError("INVALID_INPUT", message, { data: { errorCode: "invalid_body" } });
    }
    throw error;
  }
}

const holds = (principal: ManagementPrincipal, scope: ManagementScope) => principal.scopes.includes(scope);

/**
 * A machine client's secret is as strong as the Management API scopes it holds: a caller may read
 * or rotate it only when it holds every one of them itself (and none is admin-only), or else
 * read:client_keys would lift any client to the rights of the strongest one.
 */
async function assertMayHoldKeysOf(principal: ManagementPrincipal, clientId: string): Promise<void> {
  const [grant] = await listClientGrants({ clientId, audience: MANAGEMENT_GRANT_AUDIENCE });
  const stronger = (grant?.scope ?? []).filter((scope) => !principal.scopes.includes(scope as ManagementScope) || ADMIN_ONLY_GRANTS.includes(scope as ManagementScope));
  if (stronger.length) {
    throw new AppError("FORBIDDEN", `This client holds Management API scopes the caller does not: ${stronger.join(",")}`, { data: { errorCode: "insufficient_scope" } });
  }
}

export const listClientsQuerySchema = z.strictObject({
  ...pagingParams,
  ...fieldParams,
  app_type: text({ max: 200 })
    .transform((value) => value.split(",").map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.enum(APP_TYPES)).max(APP_TYPES.length))
    .optional(),
  /** Rekey has no global client: only false is meaningful. */
  is_global: z.literal("false").optional(),
});

export async function listClientsFromApi(query: z.infer<typeof listClientsQuerySchema>, principal: ManagementPrincipal) {
  const { applications, total } = await listApplications({ page: query.page, perPage: query.per_page, appTypes: query.app_type });
  const withSecret = holds(principal, "read:client_keys");
  const items = applications.map((app) => selectFields(toAuth0Client(app, { withSecret: withSecret && app.sealedSecret !== null }), query.fields, query.include_fields));
  // Secrets of clients stronger than the caller are left out rather than failing the whole list.
  if (withSecret) {
    for (const item of items) {
      if (!item.client_secret) continue;
      try {
        await assertMayHoldKeysOf(principal, item.client_id as string);
      } catch {
        delete item.client_secret;
      }
    }
  }
  return pagedList("clients", items, query, total);
}

export const getClientQuerySchema = z.strictObject({ ...fieldParams });

async function existing(clientId: string): Promise<Application> {
  const app = await findApplication(clientId);
  if (!app) throw new AppError("NOT_FOUND", "The client does not exist", { data: { errorCode: "inexistent_client" } });
  return app;
}

export async function getClientFromApi(clientId: string, query: z.infer<typeof getClientQuerySchema>, principal: ManagementPrincipal) {
  const app = await existing(clientId);
  let withSecret = holds(principal, "read:client_keys");
  if (withSecret) withSecret = await assertMayHoldKeysOf(principal, clientId).then(() => true, () => false);
  return selectFields(toAuth0Client(app, { withSecret }), query.fields, query.include_fields);
}

export async function createClientFromApi(body: z.infer<typeof createClientBodySchema>) {
  const fields = defined(applicationFieldsOf(body));
  const { application } = await asPayloadError(() =>
    createApplication({ ...fields, name: body.name, app_type: body.app_type ?? "regular_web", initiate_login_uri: fields.initiate_login_uri ?? undefined, backchannel_logout_uri: fields.backchannel_logout_uri ?? undefined }),
  );
  // Auth0 answers a create with the secret, whatever the caller's key scopes: it was just made.
  return toAuth0Client(application, { withSecret: true });
}

export async function updateClientFromApi(clientId: string, body: ClientBody, principal: ManagementPrincipal) {
  await existing(clientId);
  const { application } = await asPayloadError(() => updateApplication(clientId, defined(applicationFieldsOf(body))));
  return toAuth0Client(application, { withSecret: holds(principal, "read:client_keys") && (await assertMayHoldKeysOf(principal, clientId).then(() => true, () => false)) });
}

export async function deleteClientFromApi(clientId: string, principal: ManagementPrincipal): Promise<void> {
  // A client cannot delete itself out from under its own token mid-call, by mistake or otherwise.
  if (clientId === principal.clientId) throw new AppError("INVALID_INPUT", "A client cannot delete itself.", { data: { errorCode: "invalid_body" } });
  await existing(clientId);
  await deleteApplication(clientId);
}

export async function rotateClientSecretFromApi(clientId: string, principal: ManagementPrincipal) {
  await existing(clientId);
  await assertMayHoldKeysOf(principal, clientId);
  const { application } = await asPayloadError(() => rotateApplicationSecret(clientId));
  return toAuth0Client(application, { withSecret: true });
}
