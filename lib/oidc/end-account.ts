// lib/users' entry into lib/oidc, imported by path (like lib/reset/end-flows.ts): lib/oidc builds on
// lib/users, so this file imports nothing of either index and never loads oidc-provider.
import type { Prisma } from "@/lib/db";
import { enqueueJobs } from "@/lib/jobs";
import { backchannelLogoutJobsFor } from "./backchannel-logout-job";

/**
 * Deletes every OpenID Provider row of a user in the caller's transaction: provider sessions,
 * grants, authorization codes, access and refresh tokens, in every application, and the grants'
 * session-version records. A password change, a block or a deletion commits together with it, or
 * not at all. (The session version already makes such tokens worthless; deleting the rows makes
 * that true without relying on one check, and frees the storage at once.) Each application that
 * had a session of the user and registered a back-channel logout URI is owed a logout token: a
 * job in the same transaction (the outbox), so it is sent if and only if the sessions ended; the
 * caller wakes the workers after its commit. Returns how many rows.
 */
export async function endUserOidcRows(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const accountId = `auth0|${userId}`;
  await enqueueJobs(tx, await backchannelLogoutJobsFor(tx, accountId));
  // The rows of the user's grants that carry no account (some tokens do not) go in the same
  // statement: one round trip on every password change, not a read and then a delete.
  return tx.$executeRaw`
    DELETE FROM oidc_payloads
    WHERE account_id = ${accountId}
       OR grant_id IN (SELECT id FROM oidc_payloads WHERE model = 'Grant' AND account_id = ${accountId})`;
}
