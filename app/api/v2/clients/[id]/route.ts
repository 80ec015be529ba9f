import {
  deleteClientFromApi,
  getClientFromApi,
  getClientQuerySchema,
  json,
  managementEndpoint,
  noContent,
  parseBody,
  parseQuery,
  updateClientBodySchema,
  updateClientFromApi,
} from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementEndpoint<Params>({ scopes: ["read:clients"] }, async ({ params, query, principal }) =>
  json(await getClientFromApi(params.id, parseQuery(query, getClientQuerySchema), principal)),
);

export const PATCH = managementEndpoint<Params>({ scopes: ["update:clients"], operation: "Update client" }, async ({ request, params, principal }) =>
  json(await updateClientFromApi(params.id, await parseBody(request, updateClientBodySchema), principal)),
);

export const DELETE = managementEndpoint<Params>({ scopes: ["delete:clients"], operation: "Delete client" }, async ({ params, principal }) => {
  await deleteClientFromApi(params.id, principal);
  return noContent();
});
