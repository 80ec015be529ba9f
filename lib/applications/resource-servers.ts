import crypto from "node:crypto";
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { text } from "@/lib/validation";
import { deleteGrantsForAudience, grantedScopes, setClientGrant } from "./grants";
import { ID_TOKEN_ALGS } from "./schemas";

export type ResourceServer = Prisma.ResourceServerGetPayload<object>;
export type ApiScope = { value: string; description: string };

// Auth0's scope names: letters, digits and a few separators (read:invoices, invoices.write).
const scopeValue = z.string().regex(/^[A-Za-z0-9:._\-/]{1,280}$/, "Scope values are letters, digits and : . _ - /");
const scopesSchema = z
  .array(z.strictObject({ value: scopeValue, description: text({ max: 500 }).default("") }))
  .max(100)
  .refine((scopes) => new Set(scopes.map((s) => s.value)).size === scopes.length, "Scope values must be unique");

/**
 * An API's identifier is its audience and its RFC 8707 resource indicator: an absolute URI without a
 * fragment (the provider refuses anything else), which Auth0 recommends too.
 */
const identifierSchema = text({ max: 600 }).refine((value) => {
  const url = URL.parse(value);
  return url !== null && !value.includes("#") && /^https?:$/.test(url.protocol) && !url.username && !url.password;
}, "The identifier must be an absolute http(s) URI without a fragment or credentials");

const fields = {
  name: text({ max: 200 }).pipe(z.string().trim().min(1)),
  scopes: scopesSchema,
  signing_alg: z.enum(ID_TOKEN_ALGS),
  token_lifetime: z.number().int().min(60).max(30 * 24 * 3600),
  allow_offline_access: z.boolean(),
  skip_consent_for_verifiable_first_party_clients: z.boolean(),
};

export const resourceServerCreateSchema = z.strictObject({ ...fields, identifier: identifierSchema }).partial().required({ identifier: true, name: true });
export const resourceServerUpdateSchema = z.strictObject(fields).partial();
export type ResourceServerCreate = z.infer<typeof resourceServerCreateSchema>;
export type ResourceServerUpdate = z.infer<typeof resourceServerUpdateSchema>;

function notFound(): AppError {
  return new AppError("NOT_FOUND", "The resource server does not exist", { data: { errorCode: "inexistent_resource_server" } });
}

function columnsOf(data: ResourceServerUpdate) {
  return {
    name: data.name,
    scopes: data.scopes as Prisma.InputJsonValue | undefined,
    signingAlg: data.signing_alg,
    tokenLifetimeSec: data.token_lifetime,
    allowOfflineAccess: data.allow_offline_access,
    skipConsentForVerifiableFirstPartyClients: data.skip_consent_for_verifiable_first_party_clients,
  };
}

/** A new API; refused (409) when its identifier is taken, or is the Management API's own. */
export async function createResourceServer(input: ResourceServerCreate, reserved: readonly string[] = []): Promise<ResourceServer> {
  const data = resourceServerCreateSchema.parse(input);
  if (reserved.includes(data.identifier)) throw new AppError("CONFLICT", "This identifier is reserved", { data: { errorCode: "conflict" } });
  const db = await prisma();
  try {
    return await db.resourceServer.create({ data: { id: crypto.randomBytes(12).toString("hex"), identifier: data.identifier, ...columnsOf(data), name: data.name } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "A resource server with the same identifier already exists", { data: { errorCode: "conflict" } });
    throw error;
  }
}

export async function listResourceServers(options: { page?: number; perPage?: number } = {}): Promise<{ resourceServers: ResourceServer[]; total: number }> {
  const perPage = options.perPage ?? 50;
  const db = await prisma();
  const [resourceServers, total] = await Promise.all([
    db.resourceServer.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: (options.page ?? 0) * perPage, take: perPage }),
    db.resourceServer.count(),
  ]);
  return { resourceServers, total };
}

/** By id or by identifier, as Auth0's `/resource-servers/{id}` accepts both. */
export async function findResourceServer(idOrIdentifier: string): Promise<ResourceServer | null> {
  if (idOrIdentifier.length > 600) return null;
  const db = await prisma();
  return db.resourceServer.findFirst({ where: { OR: [{ id: idOrIdentifier }, { identifier: idOrIdentifier }] } });
}

export async function updateResourceServer(idOrIdentifier: string, input: ResourceServerUpdate): Promise<ResourceServer> {
  const data = resourceServerUpdateSchema.parse(input);
  const current = await findResourceServer(idOrIdentifier);
  if (!current) throw notFound();
  const db = await prisma();
  return db.resourceServer.update({ where: { id: current.id }, data: columnsOf(data) });
}

/** Deletes an API and every application's grant on it, together. */
export async function deleteResourceServer(idOrIdentifier: string): Promise<void> {
  const current = await findResourceServer(idOrIdentifier);
  if (!current) throw notFound();
  const db = await prisma();
  await db.$transaction(async (tx) => {
    await deleteGrantsForAudience(current.identifier, tx);
    await tx.resourceServer.delete({ where: { id: current.id } });
  });
}

export function apiScopesOf(api: Pick<ResourceServer, "scopes">): ApiScope[] {
  return Array.isArray(api.scopes) ? (api.scopes as ApiScope[]) : [];
}

/**
 * What an application may get in a token for the API `identifier`: the scopes the API defines and
 * the application was granted; null when there is no such API or no grant (no token at all).
 */
export async function apiAccessFor(clientId: string, identifier: string): Promise<{ api: ResourceServer; scopes: string[] } | null> {
  const api = await findResourceServer(identifier);
  if (!api || api.identifier !== identifier) return null;
  const granted = await grantedScopes(clientId, identifier);
  if (granted === null) return null;
  return { api, scopes: apiScopesOf(api).map((s) => s.value).filter((s) => granted.includes(s)) };
}

/**
 * Grants an application scopes of an API (Auth0's client grant), replacing its earlier grant on
 * that API; only scopes the API defines. An empty list keeps the grant with no scope.
 */
export async function grantApiToApplication(apiId: string, clientId: string, scopes: string[]): Promise<void> {
  const api = await findResourceServer(apiId);
  if (!api || api.id !== apiId) throw notFound();
  const db = await prisma();
  if (!(await db.application.count({ where: { id: clientId } }))) throw new AppError("NOT_FOUND", "The client does not exist", { data: { errorCode: "inexistent_client" } });
  const defined = new Set(apiScopesOf(api).map((s) => s.value));
  const unknown = scopes.filter((s) => !defined.has(s));
  if (unknown.length) throw new AppError("INVALID_INPUT", `The API defines no scope ${unknown.slice(0, 5).join(", ").slice(0, 300)}.`, { fields: { scopes: "Choose scopes the API defines." } });
  await setClientGrant(clientId, api.identifier, scopes);
}
