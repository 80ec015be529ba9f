import { createTicketFromApi, json, managementEndpoint, parseBody, passwordChangeTicketBodySchema } from "@/lib/management";

export const dynamic = "force-dynamic";

export const POST = managementEndpoint({ scopes: ["create:user_tickets"], operation: "Create a Password Change Ticket" }, async ({ request, principal, ctx }) =>
  json(await createTicketFromApi(await parseBody(request, passwordChangeTicketBodySchema), principal, ctx), 201),
);
