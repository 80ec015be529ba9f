import { getJobErrorsFromApi, json, managementEndpoint } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint<{ id: string }>({ scopes: ["create:users", "read:users"] }, async ({ params }) => json(await getJobErrorsFromApi(params.id)));
