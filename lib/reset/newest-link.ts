import type { Prisma } from "@/lib/db";
import { expireUserFlows } from "./transition";

type Tx = Prisma.TransactionClient;

/**
 * Makes room for a new link of a user, from every source (the /reset form, the API's
 * change_password, an admin's email, a password-change ticket: each calls this, so all supersede
 * the same states), so that the newest link is the only unused one. Only flows still waiting for
 * their link (`link_sent`) are superseded, not every active state: a flow
 * whose link or code was already used belongs to the person finishing the reset in that browser,
 * and a stranger's request for the same address must not end it (the new email tells the owner
 * anyway; whichever reset completes first ends the other).
 *
 * The user's row is locked first, so two instances or workers issuing links for one user at once
 * take turns and the later supersedes the earlier (see isStaleRequest).
 */
export async function supersedeUnusedLinks(tx: Tx, userId: string): Promise<void> {
  await lockUser(tx, userId);
  await expireUserFlows(tx, userId, ["link_sent"], "superseded");
}

/**
 * Whether a link of the user was issued after `requestedAt`: the worker ran a request late (or
 * out of order), and its link must not be sent nor supersede the newer one. `tx` locks the user's
 * row for the rest of the transaction; without it, a first look outside any transaction.
 */
export async function isStaleRequest(db: Tx, userId: string, requestedAt: Date, options: { lock: boolean }): Promise<boolean> {
  if (options.lock) await lockUser(db, userId);
  return (await db.resetFlow.count({ where: { userId, createdAt: { gt: requestedAt } } })) > 0;
}

async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
}
