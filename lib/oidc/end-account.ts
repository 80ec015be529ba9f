// lib/users' entry into lib/oidc, imported by path (like lib/reset/end-flows.ts): lib/oidc builds on
// lib/users, so this file imports nothing of either index and never loads oidc-provider.
import type { Prisma } from "@/lib/db";

type Tx = Pick<Prisma.TransactionClient, "oidcPayload">;

/**
 * Deletes every OpenID Provider row of a user in the caller's transaction: provider sessions,
 * grants, authorization codes, access and refresh tokens, in every application, and the grants'
 * session-version records. A password change, a block or a deletion commits together with it, or
 * not at all. (The session version already makes such tokens worthless; deleting the rows makes
 * that true without relying on one check, and frees the storage at once.) Returns how many rows.
 */
export async function endUserOidcRows(tx: Tx, userId: string): Promise<number> {
  const accountId = `auth0|${userId}`;
  const grants = await tx.oidcPayload.findMany({ where: { model: "Grant", accountId }, select: { id: true } });
  const { count } = await tx.oidcPayload.deleteMany({
    where: { OR: [{ accountId }, ...(grants.length ? [{ grantId: { in: grants.map((g) => g.id) } }] : [])] },
  });
  return count;
}
