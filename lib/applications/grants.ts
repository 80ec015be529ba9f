import crypto from "node:crypto";
import { prisma, type Prisma } from "@/lib/db";

type Db = Prisma.TransactionClient;

/**
 * The Management API's audience in client grants. Its URL (`PUBLIC_URL/api/v2/`) follows the
 * configuration, so the grant stores this name and lib/management shows the URL.
 */
export const MANAGEMENT_GRANT_AUDIENCE = "rekey:management-api";

export type ClientGrant = Prisma.ClientGrantGetPayload<object>;

function newGrantId(): string {
  return `cgr_${crypto.randomBytes(12).toString("hex")}`;
}

/** Grants `clientId` exactly `scopes` of the API `audience` (Auth0's client grant), replacing any earlier grant. */
export async function setClientGrant(clientId: string, audience: string, scopes: readonly string[], tx?: Db): Promise<ClientGrant> {
  const db = tx ?? (await prisma());
  const scope = [...new Set(scopes)];
  return db.clientGrant.upsert({
    where: { clientId_audience: { clientId, audience } },
    create: { id: newGrantId(), clientId, audience, scope },
    update: { scope },
  });
}

/** The scopes of `audience` granted to `clientId`, or null when it has no grant for that API. */
export async function grantedScopes(clientId: string, audience: string): Promise<string[] | null> {
  const db = await prisma();
  const grant = await db.clientGrant.findUnique({ where: { clientId_audience: { clientId, audience } } });
  return grant ? grant.scope : null;
}

export async function listClientGrants(filter: { clientId?: string; audience?: string } = {}): Promise<ClientGrant[]> {
  const db = await prisma();
  return db.clientGrant.findMany({ where: filter, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Removes every grant on an API that is being deleted. */
export async function deleteGrantsForAudience(audience: string, tx?: Db): Promise<void> {
  const db = tx ?? (await prisma());
  await db.clientGrant.deleteMany({ where: { audience } });
}
