import {
  deleteUserFromApi,
  getUser,
  getUserQuerySchema,
  json,
  managementEndpoint,
  noContent,
  parseBody,
  parseQuery,
  updateUserBodySchema,
  updateUserFromApi,
  userIdParam,
} from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementEndpoint<Params>({ scopes: ["read:users"] }, async ({ params, query }) =>
  json(await getUser(userIdParam(params.id), parseQuery(query, getUserQuerySchema))),
);

export const PATCH = managementEndpoint<Params>({ scopes: ["update:users"], operation: "Update a User" }, async ({ request, params, principal, ctx }) =>
  json(await updateUserFromApi(userIdParam(params.id), await parseBody(request, updateUserBodySchema), principal, ctx)),
);

export const DELETE = managementEndpoint<Params>({ scopes: ["delete:users"], operation: "Delete a User" }, async ({ params, principal, ctx }) => {
  await deleteUserFromApi(userIdParam(params.id), principal, ctx);
  return noContent();
});
