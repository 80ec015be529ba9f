import {
  deleteResourceServerFromApi,
  getResourceServerFromApi,
  json,
  managementEndpoint,
  noContent,
  parseBody,
  updateResourceServerBodySchema,
  updateResourceServerFromApi,
} from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string };

// Auth0 takes the id or the (URL-encoded) identifier in the path.
const idOf = (params: Params) => {
  try {
    return decodeURIComponent(params.id);
  } catch {
    return params.id;
  }
};

export const GET = managementEndpoint<Params>({ scopes: ["read:resource_servers"] }, async ({ params }) => json(await getResourceServerFromApi(idOf(params))));

export const PATCH = managementEndpoint<Params>({ scopes: ["update:resource_servers"], operation: "Update resource server" }, async ({ request, params }) =>
  json(await updateResourceServerFromApi(idOf(params), await parseBody(request, updateResourceServerBodySchema))),
);

export const DELETE = managementEndpoint<Params>({ scopes: ["delete:resource_servers"], operation: "Delete resource server" }, async ({ params }) => {
  await deleteResourceServerFromApi(idOf(params));
  return noContent();
});
