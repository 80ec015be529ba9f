import { getJobErrorsFromApi, managementEndpoint } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint<{ id: string }>({ scopes: ["create:users", "read:users"] }, ({ params }) => getJobErrorsFromApi(params.id));
