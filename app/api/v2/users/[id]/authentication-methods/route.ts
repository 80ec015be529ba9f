import {
  deleteAuthenticationMethods,
  json,
  listAuthenticationMethods,
  listAuthenticationMethodsQuerySchema,
  managementEndpoint,
  noContent,
  parseQuery,
  userIdParam,
} from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementEndpoint<Params>({ scopes: ["read:authentication_methods"] }, async ({ params, query }) =>
  json(await listAuthenticationMethods(userIdParam(params.id), parseQuery(query, listAuthenticationMethodsQuerySchema))),
);

export const DELETE = managementEndpoint<Params>(
  { scopes: ["delete:authentication_methods"], operation: "Delete all authentication methods of a User" },
  async ({ params, principal, ctx }) => {
    await deleteAuthenticationMethods(userIdParam(params.id), principal, ctx);
    return noContent();
  },
);
