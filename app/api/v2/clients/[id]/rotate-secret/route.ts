import { json, managementEndpoint, rotateClientSecretFromApi } from "@/lib/management";

export const dynamic = "force-dynamic";

export const POST = managementEndpoint<{ id: string }>({ scopes: ["update:client_keys"], operation: "Rotate client secret" }, async ({ params, principal }) =>
  json(await rotateClientSecretFromApi(params.id, principal)),
);
