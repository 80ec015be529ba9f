import { json, listLogsFromApi, listLogsQuerySchema, managementEndpoint, parseQuery } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:logs"] }, async ({ query }) => json(await listLogsFromApi(parseQuery(query, listLogsQuerySchema))));
