import { importUsersFromApi, json, managementEndpoint } from "@/lib/management";

export const dynamic = "force-dynamic";

export const POST = managementEndpoint({ scopes: ["create:users"], operation: "Create import users job" }, async ({ request }) => json(await importUsersFromApi(request), 201));
