import { prisma, type Prisma } from "@/lib/db";
import { wakeWorkers } from "@/lib/jobs";
// By path, not "@/lib/reset": lib/reset builds on lib/users (see end-flows.ts).
import { endUserResets } from "@/lib/reset/end-flows";
// By path, not "@/lib/oidc": lib/oidc builds on lib/users (see end-account.ts).
import { endUserOidcRows } from "@/lib/oidc/end-account";

/**
 * Writes changes to a user's row in the caller's transaction (the Management API's PATCH). A block
 * or a new email address ends the user's open resets with it: a link mailed to the old address, or
 * issued before the block, must not work afterwards.
 */
export async function writeUserChanges(tx: Prisma.TransactionClient, user: { id: string; email: string | null }, data: Prisma.UserUpdateInput): Promise<void> {
  await tx.user.update({ where: { id: user.id }, data });
  if (data.blocked === true) {
    await endUserResets(tx, user.id, "blocked");
    await endUserOidcRows(tx, user.id);
  } else if (data.email !== undefined && data.email !== user.email) await endUserResets(tx, user.id, "email_changed");
}

/** writeUserChanges in a transaction of its own. */
export async function updateUser(user: { id: string; email: string | null }, data: Prisma.UserUpdateInput): Promise<void> {
  const db = await prisma();
  await db.$transaction((tx) => writeUserChanges(tx, user, data));
  // A block owes back-channel logout tokens (jobs committed with it): send them now.
  if (data.blocked === true) wakeWorkers();
}
