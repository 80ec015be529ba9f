import type { Prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";

/** One sapi line per change an admin makes in the console, naming the admin (Auth0 does the same). */
export async function logAdminChange(
  description: string,
  admin: { id: string },
  ctx: RequestContext,
  about: { userId?: string; connectionId?: string; details?: Record<string, unknown> } = {},
  tx?: Prisma.TransactionClient,
) {
  await writeLog(
    {
      type: "sapi",
      ...logContext(ctx, { userId: about.userId, connectionId: about.connectionId }),
      description,
      details: { actor: admin.id, via: "console", ...about.details },
    },
    tx,
  );
}
