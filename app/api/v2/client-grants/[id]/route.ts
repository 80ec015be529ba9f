import {
  deleteClientGrantFromApi,
  getClientGrantFromApi,
  json,
  managementEndpoint,
  noContent,
  parseBody,
  updateClientGrantBodySchema,
  updateClientGrantFromApi,
} from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementEndpoint<Params>({ scopes: ["read:client_grants"] }, async ({ params }) => json(await getClientGrantFromApi(params.id)));

export const PATCH = managementEndpoint<Params>({ scopes: ["update:client_grants"], operation: "Update client grant" }, async ({ request, params, principal }) =>
  json(await updateClientGrantFromApi(params.id, await parseBody(request, updateClientGrantBodySchema), principal)),
);

export const DELETE = managementEndpoint<Params>({ scopes: ["delete:client_grants"], operation: "Delete client grant" }, async ({ params }) => {
  await deleteClientGrantFromApi(params.id);
  return noContent();
});
