import { createUserBodySchema, createUserFromApi, json, listUsers, listUsersQuerySchema, managementEndpoint, parseBody, parseQuery } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:users"] }, async ({ query }) => json(await listUsers(parseQuery(query, listUsersQuerySchema))));

export const POST = managementEndpoint({ scopes: ["create:users"], operation: "Create a User" }, async ({ request, ctx }) =>
  json(await createUserFromApi(await parseBody(request, createUserBodySchema), ctx), 201),
);
