import { json, listUsersByEmail, managementEndpoint, parseQuery, usersByEmailQuerySchema } from "@/lib/management";

export const dynamic = "force-dynamic";

export const GET = managementEndpoint({ scopes: ["read:users"] }, async ({ query }) => json(await listUsersByEmail(parseQuery(query, usersByEmailQuerySchema))));
