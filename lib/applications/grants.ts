import crypto from "node:crypto";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

type Db = Prisma.TransactionClient;

/**
 * The Management API's audience in client grants. Its URL (`PUBLIC_URL/api/v2/`) follows the
 * configuration, so the grant stores this name and lib/management shows the URL.
 */
export const MANAGEMENT_GRANT_AUDIENCE = "rekey:management-api";

export type ClientGrant = Prisma.ClientGrantGetPayload<object>;

const GRANT_ID = /^cgr_[0-9a-f]{24}$/;

function newGrantId(): string {
  return `cgr_${crypto.randomBytes(12).toString("hex")}`;
}

function grantNotFound(): AppError {
  return new AppError("NOT_FOUND", "The client grant does not exist.", { data: { errorCode: "inexistent_client_grant" } });
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

/**
 * A new grant (POST /api/v2/client-grants). The caller has checked the audience and the scopes;
 * here: the application exists, and has no grant on that API yet (409, as Auth0 answers).
 */
export async function createClientGrant(clientId: string, audience: string, scopes: readonly string[]): Promise<ClientGrant> {
  const db = await prisma();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId) || !(await db.application.count({ where: { id: clientId } }))) {
    throw new AppError("NOT_FOUND", "Client not found", { data: { errorCode: "inexistent_client" } });
  }
  try {
    return await db.clientGrant.create({ data: { id: newGrantId(), clientId, audience, scope: [...new Set(scopes)] } });
  } catch (error) {
    // The unique (client_id, audience) index decides a race between two creates, not a read before.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "A client grant for this client and audience already exists.", { data: { errorCode: "conflict" } });
    throw error;
  }
}

export async function findClientGrant(id: string): Promise<ClientGrant | null> {
  if (!GRANT_ID.test(id)) return null;
  const db = await prisma();
  return db.clientGrant.findUnique({ where: { id } });
}

/** Replaces a grant's scopes; the caller has checked them against the API. */
export async function updateClientGrantScope(id: string, scopes: readonly string[]): Promise<ClientGrant> {
  if (!GRANT_ID.test(id)) throw grantNotFound();
  const db = await prisma();
  const { count } = await db.clientGrant.updateMany({ where: { id }, data: { scope: [...new Set(scopes)] } });
  if (count !== 1) throw grantNotFound();
  return (await db.clientGrant.findUnique({ where: { id } }))!;
}

/** Removes a grant: the application gets no new token for that API from now on. */
export async function deleteClientGrant(id: string): Promise<void> {
  if (!GRANT_ID.test(id)) throw grantNotFound();
  const db = await prisma();
  const { count } = await db.clientGrant.deleteMany({ where: { id } });
  if (count !== 1) throw grantNotFound();
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

/**
 * One page of grants in id order, filtered, for the Management API: by offset (page, per page, with
 * the total) or from a checkpoint (the grants after id `from`; `next` when more follow), the two
 * ways Auth0's list is paged.
 */
export async function pageClientGrants(
  filter: { clientId?: string; audience?: string },
  paging: { kind: "offset"; page: number; perPage: number } | { kind: "checkpoint"; from?: string; take: number },
): Promise<{ grants: ClientGrant[]; total?: number; next?: string }> {
  const db = await prisma();
  const where: Prisma.ClientGrantWhereInput = { clientId: filter.clientId, audience: filter.audience };
  if (paging.kind === "offset") {
    const [grants, total] = await Promise.all([
      db.clientGrant.findMany({ where, orderBy: { id: "asc" }, skip: paging.page * paging.perPage, take: paging.perPage }),
      db.clientGrant.count({ where }),
    ]);
    return { grants, total };
  }
  const rows = await db.clientGrant.findMany({ where: { ...where, ...(paging.from ? { id: { gt: paging.from } } : {}) }, orderBy: { id: "asc" }, take: paging.take + 1 });
  const grants = rows.slice(0, paging.take);
  return { grants, next: rows.length > paging.take ? grants.at(-1)!.id : undefined };
}

/** Removes every grant on an API that is being deleted. */
export async function deleteGrantsForAudience(audience: string, tx?: Db): Promise<void> {
  const db = tx ?? (await prisma());
  await db.clientGrant.deleteMany({ where: { audience } });
}
