import { createClientBodySchema, createClientFromApi, json, listClientsFromApi, listClientsQuerySchema, managementEndpoint, parseBody, parseQuery } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:clients"] }, async ({ query, principal }) => json(await listClientsFromApi(parseQuery(query, listClientsQuerySchema), principal)));

export const POST = managementEndpoint({ scopes: ["create:clients"], operation: "Create client" }, async ({ request }) =>
  json(await createClientFromApi(await parseBody(request, createClientBodySchema)), 201),
);
