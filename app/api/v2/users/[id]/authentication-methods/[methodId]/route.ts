import { deleteAuthenticationMethod, managementEndpoint, noContent, userIdParam } from "@/lib/management";

export const dynamic = "force-dynamic";

type Params = { id: string; methodId: string };

export const DELETE = managementEndpoint<Params>(
  { scopes: ["delete:authentication_methods"], operation: "Delete an authentication method of a User" },
  async ({ params, principal, ctx }) => {
    await deleteAuthenticationMethod(userIdParam(params.id), decodeURIComponent(params.methodId), principal, ctx);
    return noContent();
  },
);
