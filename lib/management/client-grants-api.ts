import { z } from "zod";
import {
  apiScopesOf,
  createClientGrant,
  deleteClientGrant,
  findClientGrant,
  findResourceServer,
  MANAGEMENT_GRANT_AUDIENCE,
  pageClientGrants,
  updateClientGrantScope,
  type ClientGrant,
} from "@/lib/applications";
import { AppError } from "@/lib/errors";
import { text } from "@/lib/validation";
import { assertMayGrant } from "./clients";
import { pagedList, pagingParams } from "./query";
import { isManagementScope, type ManagementScope } from "./scopes";
import { managementAudience, type ManagementPrincipal } from "./token";

// `/api/v2/client-grants` in Auth0's shapes: which scopes of an API (a resource server, or the
// Management API itself) an application gets with client credentials.

/** One grant as Auth0 shows it; the Management API's grant under its URL, as Auth0 names it. */
export function toAuth0ClientGrant(grant: ClientGrant) {
  return {
    id: grant.id,
    client_id: grant.clientId,
    audience: grant.audience === MANAGEMENT_GRANT_AUDIENCE ? managementAudience() : grant.audience,
    scope: grant.scope,
    allow_any_organization: false,
    is_system: false,
    subject_type: "client" as const,
  };
}

function grantNotFound(): AppError {
  return new AppError("NOT_FOUND", "The client grant does not exist.", { data: { errorCode: "inexistent_client_grant" } });
}

/** The Management API under its URL, with or without the trailing slash; anything else is stored as given. */
function storedAudienceOf(audience: string): string {
  const management = managementAudience();
  return audience === management || `${audience}/` === management ? MANAGEMENT_GRANT_AUDIENCE : audience;
}

/**
 * Refuses scopes the API does not define. On the Management API, a client grants only scopes it
 * holds itself and never an admin-only one (assertMayGrant): otherwise create:client_grants would
 * lift any client, itself included, to every scope.
 */
async function assertGrantable(storedAudience: string, audience: string, scopes: readonly string[], principal: ManagementPrincipal): Promise<void> {
  let defined: (scope: string) => boolean;
  if (storedAudience === MANAGEMENT_GRANT_AUDIENCE) {
    defined = isManagementScope;
  } else {
    const api = await findResourceServer(storedAudience);
    if (!api || api.identifier !== storedAudience) {
      throw new AppError("NOT_FOUND", `No resource with identifier ${audience.slice(0, 600)}`, { data: { errorCode: "inexistent_resource_server" } });
    }
    const values = new Set(apiScopesOf(api).map((s) => s.value));
    defined = (scope) => values.has(scope);
  }
  const unknown = scopes.filter((scope) => !defined(scope));
  if (unknown.length) {
    throw new AppError("INVALID_INPUT", `The API defines no scope ${unknown.slice(0, 5).join(", ").slice(0, 300)}.`, { data: { errorCode: "invalid_body" } });
  }
  if (storedAudience === MANAGEMENT_GRANT_AUDIENCE) assertMayGrant({ kind: "client", id: principal.clientId, scopes: principal.scopes }, scopes as ManagementScope[]);
}

const scopeList = z.array(text({ max: 280 }).pipe(z.string().min(1))).max(200);
/** Rekey has no organizations: only the values that mean "none" are accepted. */
const organizationFields = {
  organization_usage: z.literal("deny").optional(),
  allow_any_organization: z.literal(false).optional(),
};

export const createClientGrantBodySchema = z.strictObject({
  client_id: text({ max: 64 }),
  audience: text({ max: 600 }),
  scope: scopeList.default([]),
  subject_type: z.literal("client").optional(),
  ...organizationFields,
});

export const updateClientGrantBodySchema = z.strictObject({ scope: scopeList.optional(), ...organizationFields });

const GRANT_ID = /^cgr_[0-9a-f]{24}$/;
const takeParam = z.string().regex(/^\d{1,3}$/, "Expected an integer").transform(Number).pipe(z.number().int().min(1).max(100));

export const listClientGrantsQuerySchema = z.strictObject({
  ...pagingParams,
  /** Checkpoint paging (Auth0's `from`/`take`), which the v5+ SDKs use. */
  from: z.string().regex(GRANT_ID, "Expected a client grant id").optional(),
  take: takeParam.optional(),
  audience: text({ max: 600 }).optional(),
  client_id: text({ max: 64 }).optional(),
  allow_any_organization: z.literal("false").optional(),
  subject_type: z.literal("client").optional(),
});

export async function listClientGrantsFromApi(query: z.infer<typeof listClientGrantsQuerySchema>) {
  const filter = { clientId: query.client_id, audience: query.audience === undefined ? undefined : storedAudienceOf(query.audience) };
  if (query.from !== undefined || query.take !== undefined) {
    const { grants, next } = await pageClientGrants(filter, { kind: "checkpoint", from: query.from, take: query.take ?? 50 });
    return { client_grants: grants.map(toAuth0ClientGrant), ...(next ? { next } : {}) };
  }
  const { grants, total } = await pageClientGrants(filter, { kind: "offset", page: query.page, perPage: query.per_page });
  return pagedList("client_grants", grants.map(toAuth0ClientGrant), query, total ?? grants.length);
}

export async function getClientGrantFromApi(id: string) {
  const grant = await findClientGrant(id);
  if (!grant) throw grantNotFound();
  return toAuth0ClientGrant(grant);
}

export async function createClientGrantFromApi(body: z.infer<typeof createClientGrantBodySchema>, principal: ManagementPrincipal) {
  const stored = storedAudienceOf(body.audience);
  await assertGrantable(stored, body.audience, body.scope, principal);
  return toAuth0ClientGrant(await createClientGrant(body.client_id, stored, body.scope));
}

export async function updateClientGrantFromApi(id: string, body: z.infer<typeof updateClientGrantBodySchema>, principal: ManagementPrincipal) {
  const grant = await findClientGrant(id);
  if (!grant) throw grantNotFound();
  if (body.scope === undefined) return toAuth0ClientGrant(grant);
  await assertGrantable(grant.audience, grant.audience, body.scope, principal);
  return toAuth0ClientGrant(await updateClientGrantScope(id, body.scope));
}

export async function deleteClientGrantFromApi(id: string): Promise<void> {
  await deleteClientGrant(id);
}
