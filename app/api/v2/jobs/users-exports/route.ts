import { newUserExportSchema } from "@/lib/export";
import { exportUsersFromApi, json, managementEndpoint, parseBody } from "@/lib/management";

export const dynamic = "force-dynamic";

export const POST = managementEndpoint({ scopes: ["read:users"], operation: "Create export users job" }, async ({ request }) => json(await exportUsersFromApi(await parseBody(request, newUserExportSchema)), 201));
