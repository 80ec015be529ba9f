import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { createPasswordChangeTicket, MAX_TICKET_TTL_SEC, resultUrlSchema } from "@/lib/reset";
import { defaultConnection, normalizeEmail, parseUserId } from "@/lib/users";
import { text } from "@/lib/validation";
import { guardAdminUserWrite } from "./admin-users";
import { validationError } from "./errors";
import type { ManagementPrincipal } from "./token";

export const passwordChangeTicketBodySchema = z
  .object({
    user_id: text({ max: 200 }).min(1).optional(),
    email: text({ max: 254 }).pipe(z.email()).optional(),
    connection_id: text({ max: 200 }).min(1).optional(),
    // The URL parser would accept a NUL (it encodes it), but the stored string keeps it.
    result_url: text({ max: 2048 }).pipe(resultUrlSchema).optional(),
    client_id: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, "Invalid client_id").optional(),
    organization_id: text({ max: 200 }).optional(),
    ttl_sec: z.number().int().min(0).max(MAX_TICKET_TTL_SEC).optional(),
    mark_email_as_verified: z.boolean().optional(),
    includeEmailInRedirect: z.boolean().optional(),
  })
  .strict();

/**
 * `POST /api/v2/tickets/password-change`: the user by user_id, or by email and connection_id (not
 * both); then the same ticket the admin console makes. `includeEmailInRedirect` is accepted and has
 * no effect: the result URL gets no query added.
 */
export async function createTicketFromApi(body: z.infer<typeof passwordChangeTicketBodySchema>, principal: ManagementPrincipal, ctx: RequestContext): Promise<{ ticket: string }> {
  if (body.organization_id !== undefined) throw validationError("body", "Organizations are not supported", "organization_id");
  if (body.user_id !== undefined && (body.email !== undefined || body.connection_id !== undefined)) {
    throw validationError("body", "Give either user_id, or email with connection_id, not both");
  }
  let userId: string | null;
  if (body.user_id !== undefined) {
    userId = parseUserId(body.user_id);
  } else {
    if (body.email === undefined || body.connection_id === undefined) throw validationError("body", "Missing required property: user_id, or email with connection_id");
    const connection = await defaultConnection();
    if (body.connection_id !== connection.id) throw new AppError("INVALID_INPUT", "The connection does not exist.", { data: { errorCode: "inexistent_connection" } });
    const db = await prisma();
    userId = (await db.user.findFirst({ where: { connectionId: connection.id, email: normalizeEmail(body.email) }, select: { id: true } }))?.id ?? null;
  }
  if (!userId) throw new AppError("NOT_FOUND");
  await guardAdminUserWrite({ userId, operation: "Create a Password Change Ticket" }, principal, ctx);
  const ticket = await createPasswordChangeTicket(
    { userId, ttlSec: body.ttl_sec, resultUrl: body.result_url, markEmailVerified: body.mark_email_as_verified, clientId: body.client_id },
    ctx,
  ).catch((error) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? new AppError("NOT_FOUND") : error;
  });
  return { ticket: ticket.url };
}
