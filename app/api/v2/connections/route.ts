import { json, listConnectionsFromApi, listConnectionsQuerySchema, managementEndpoint, parseQuery } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:connections"] }, async ({ query }) => json(await listConnectionsFromApi(parseQuery(query, listConnectionsQuerySchema))));
