import { z } from "zod";
import {
  apiScopesOf,
  createResourceServer,
  deleteResourceServer,
  findResourceServer,
  listResourceServers,
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
  updateResourceServer,
  type ResourceServer,
} from "@/lib/applications";
import { AppError } from "@/lib/errors";
import { pagedList, pagingParams } from "./query";
import { managementAudience } from "./token";

// `/api/v2/resource-servers` in Auth0's shapes (Auth0's "APIs").

export function toAuth0ResourceServer(api: ResourceServer) {
  return {
    id: api.id,
    name: api.name,
    identifier: api.identifier,
    is_system: false,
    scopes: apiScopesOf(api),
    signing_alg: api.signingAlg,
    token_lifetime: api.tokenLifetimeSec,
    token_lifetime_for_web: api.tokenLifetimeSec,
    allow_offline_access: api.allowOfflineAccess,
    skip_consent_for_verifiable_first_party_clients: api.skipConsentForVerifiableFirstPartyClients,
    token_dialect: "access_token",
  };
}

export const createResourceServerBodySchema = resourceServerCreateSchema;
export const updateResourceServerBodySchema = resourceServerUpdateSchema;
export const listResourceServersQuerySchema = z.strictObject({ ...pagingParams });

export async function listResourceServersFromApi(query: z.infer<typeof listResourceServersQuerySchema>) {
  const { resourceServers, total } = await listResourceServers({ page: query.page, perPage: query.per_page });
  return pagedList("resource_servers", resourceServers.map(toAuth0ResourceServer), query, total);
}

/** The API by its id or its identifier (Auth0 accepts both in the path). */
export async function getResourceServerFromApi(idOrIdentifier: string) {
  const api = await findResourceServer(idOrIdentifier);
  if (!api) throw new AppError("NOT_FOUND", "The resource server does not exist", { data: { errorCode: "inexistent_resource_server" } });
  return toAuth0ResourceServer(api);
}

export async function createResourceServerFromApi(body: z.infer<typeof createResourceServerBodySchema>) {
  // The Management API's own identifier is Rekey's, never an operator's API.
  const reserved = [managementAudience(), managementAudience().replace(/\/$/, "")];
  return toAuth0ResourceServer(await createResourceServer(body, reserved));
}

export async function updateResourceServerFromApi(idOrIdentifier: string, body: z.infer<typeof updateResourceServerBodySchema>) {
  return toAuth0ResourceServer(await updateResourceServer(idOrIdentifier, body));
}

export async function deleteResourceServerFromApi(idOrIdentifier: string): Promise<void> {
  await deleteResourceServer(idOrIdentifier);
}
