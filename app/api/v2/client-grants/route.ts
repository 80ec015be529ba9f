import {
  createClientGrantBodySchema,
  createClientGrantFromApi,
  json,
  listClientGrantsFromApi,
  listClientGrantsQuerySchema,
  managementEndpoint,
  parseBody,
  parseQuery,
} from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:client_grants"] }, async ({ query }) => json(await listClientGrantsFromApi(parseQuery(query, listClientGrantsQuerySchema))));

export const POST = managementEndpoint({ scopes: ["create:client_grants"], operation: "Create client grant" }, async ({ request, principal }) =>
  json(await createClientGrantFromApi(await parseBody(request, createClientGrantBodySchema), principal), 201),
);
