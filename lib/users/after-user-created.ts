import type { Prisma } from "@/lib/db";
import type { RequestContext } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs";
import { deliveryRequestOf, userRegisteredJob } from "./delivery-jobs";

/**
 * The post-user-registration Actions (lib/actions, deliverPostUserRegistration), queued inside the
 * user's own transaction (outbox): the delivery exists exactly when the user does, and runs after
 * the commit, with retries. Only ids and the request's context travel; the worker reads the user
 * as it is when the job runs.
 */
export async function afterUserCreated(tx: Prisma.TransactionClient, user: { id: string; connectionId: string }, ctx: RequestContext): Promise<void> {
  await enqueueJob(
    tx,
    userRegisteredJob.job({
      userId: user.id,
      connectionId: user.connectionId,
      request: deliveryRequestOf(ctx),
    }),
  );
}
