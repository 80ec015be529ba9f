import {
  createResourceServerBodySchema,
  createResourceServerFromApi,
  json,
  listResourceServersFromApi,
  listResourceServersQuerySchema,
  managementEndpoint,
  parseBody,
  parseQuery,
} from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:resource_servers"] }, async ({ query }) => json(await listResourceServersFromApi(parseQuery(query, listResourceServersQuerySchema))));

export const POST = managementEndpoint({ scopes: ["create:resource_servers"], operation: "Create resource server" }, async ({ request }) =>
  json(await createResourceServerFromApi(await parseBody(request, createResourceServerBodySchema)), 201),
);
