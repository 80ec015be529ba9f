import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { applicationSecretMatches, createApplication, MANAGEMENT_GRANT_AUDIENCE, sealedSecretFor, setClientGrant, type Application } from "@/lib/applications";
import { text } from "@/lib/validation";
import { ADMIN_ONLY_GRANTS, MANAGEMENT_SCOPES, isManagementScope, type ManagementScope } from "./scopes";

/**
 * A client of the Management API: a non_interactive application with a grant on the Management API
 * (Auth0's machine-to-machine application). Its scopes are that grant's.
 */
export type MachineClient = Pick<Application, "id" | "name" | "createdAt" | "lastUsedAt" | "revokedAt" | "sealedSecret" | "secretHash"> & { scopes: string[] };

const MACHINE_SELECT = {
  id: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  sealedSecret: true,
  secretHash: true,
  grants: { where: { audience: MANAGEMENT_GRANT_AUDIENCE }, select: { scope: true } },
} as const;

type MachineRow = Prisma.ApplicationGetPayload<{ select: typeof MACHINE_SELECT }>;

function machineClientOf({ grants, ...row }: MachineRow): MachineClient {
  return { ...row, scopes: grants[0]?.scope ?? [] };
}

/** What the console's form sends: a name and the scopes as repeated checkbox values. */
export const machineClientInputSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .pipe(text({ max: 100, message: "Names cannot contain control characters." }).min(1, "Enter a name.")),
  scopes: z
    .array(z.string().max(64))
    .max(MANAGEMENT_SCOPES.length * 2)
    .transform((values) => [...new Set(values)])
    .refine((values) => values.every(isManagementScope), "Choose scopes from the list.")
    .refine((values) => values.length > 0, "Choose at least one scope.")
    .transform((values) => values as ManagementScope[]),
});
export type MachineClientInput = z.infer<typeof machineClientInputSchema>;

/**
 * Who gives a client its scopes: an admin signed in to the console, or a client through its token
 * (no Management API route creates clients today; one that does passes its caller here).
 */
export type ClientGrantor = { kind: "admin"; id: string } | { kind: "client"; id: string; scopes: readonly ManagementScope[] };

/**
 * A client cannot grant a scope it lacks, nor an admin-only one at all: otherwise any client able
 * to create clients would hold every scope by minting a new one.
 */
export function assertMayGrant(grantor: ClientGrantor, scopes: readonly ManagementScope[]): void {
  if (grantor.kind === "admin") return;
  const refused = scopes.filter((scope) => !grantor.scopes.includes(scope) || ADMIN_ONLY_GRANTS.includes(scope));
  if (refused.length) {
    throw new AppError("FORBIDDEN", `A client cannot grant scopes it does not hold or that only an admin grants: ${refused.join(",")}`, { data: { errorCode: "insufficient_scope" } });
  }
}

/**
 * A new client of the Management API: a non_interactive application and its grant. Its secret is
 * returned this once and kept sealed, like every application's.
 */
export async function createMachineClient(input: MachineClientInput, actor: ClientGrantor, ctx: RequestContext): Promise<{ client: MachineClient; clientSecret: string }> {
  assertMayGrant(actor, input.scopes);
  const db = await prisma();
  const { client, clientSecret } = await db.$transaction(async (tx) => {
    const { application, clientSecret } = await createApplication({ name: input.name, app_type: "non_interactive" }, tx);
    await setClientGrant(application.id, MANAGEMENT_GRANT_AUDIENCE, input.scopes, tx);
    const created = { ...application, scopes: input.scopes };
    await writeLog(
      { type: "sapi", ...logContext(ctx), description: "Create a machine client", details: { actor: actor.id, actor_kind: actor.kind, client_id: created.id, scopes: input.scopes } },
      tx,
    );
    return { client: created, clientSecret: clientSecret! };
  });
  return { client, clientSecret };
}

export async function listMachineClients(): Promise<MachineClient[]> {
  const db = await prisma();
  const rows = await db.application.findMany({
    where: { appType: "non_interactive" },
    select: MACHINE_SELECT,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(machineClientOf);
}

/**
 * Revokes a client for good. Its tokens are refused from the next call on: every API call loads
 * the client, so nothing waits for the 24 h tokens to expire. Conditional, so a double click logs once.
 */
export async function revokeMachineClient(clientId: string, actor: { id: string }, ctx: RequestContext): Promise<void> {
  const db = await prisma();
  await db.$transaction(async (tx) => {
    const updated = await tx.application.updateMany({ where: { id: clientId, appType: "non_interactive", revokedAt: null }, data: { revokedAt: new Date() } });
    if (updated.count !== 1) {
      const exists = await tx.application.count({ where: { id: clientId, appType: "non_interactive" } });
      if (!exists) throw new AppError("NOT_FOUND", "Client not found.");
      return;
    }
    await writeLog({ type: "sapi", ...logContext(ctx), description: "Revoke a machine client", details: { actor: actor.id, client_id: clientId } }, tx);
  });
}

/**
 * An active (not revoked) application, of any type, with its Management API scopes (none without a
 * grant), or null. Auth0 lets any application with a grant call the Management API.
 */
export async function findActiveClient(clientId: string): Promise<MachineClient | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId)) return null;
  const db = await prisma();
  const row = await db.application.findFirst({ where: { id: clientId, revokedAt: null }, select: MACHINE_SELECT });
  return row ? machineClientOf(row) : null;
}

/** An application as the token endpoint sees it: may it use client credentials, does it hold a Management API grant. */
export type TokenClient = MachineClient & { grantTypes: string[]; managementGrant: boolean };

/** The active application whose id and secret these are; null otherwise, in constant work. */
export async function authenticateClient(clientId: string, clientSecret: string): Promise<TokenClient | null> {
  const valid = /^[A-Za-z0-9_-]{1,64}$/.test(clientId);
  const db = await prisma();
  const row = valid ? await db.application.findFirst({ where: { id: clientId, revokedAt: null }, select: { ...MACHINE_SELECT, grantTypes: true } }) : null;
  if (!applicationSecretMatches(row, clientSecret) || !row) return null;
  const { grantTypes, ...machine } = row;
  return { ...machineClientOf(machine), grantTypes, managementGrant: machine.grants.length > 0 };
}

/**
 * Records use at most once a minute per client: a token is used on every call, and a write per
 * call would double the API's database work for a timestamp nobody reads to the second.
 */
export async function touchClient(client: Pick<MachineClient, "id" | "lastUsedAt">): Promise<void> {
  const now = new Date();
  const minuteAgo = new Date(now.getTime() - 60_000);
  if (client.lastUsedAt && client.lastUsedAt > minuteAgo) return;
  const db = await prisma();
  // Raw, so the use does not bump updated_at (Prisma's @updatedAt): being used is not being changed.
  await db.$executeRaw`UPDATE applications SET last_used_at = ${now} WHERE id = ${client.id} AND (last_used_at IS NULL OR last_used_at < ${minuteAgo})`;
}

/**
 * `SEED_MACHINE_CLIENT=<id>:<secret>:<scopes>`: creates the client, or updates its secret and scopes.
 * A client an admin revoked stays revoked: a restart must not undo that decision.
 */
export async function seedMachineClient(spec: string): Promise<{ clientId: string; created: boolean }> {
  // Scopes hold colons themselves (read:users): only the first two colons separate.
  const [, id, secret, scopeList = ""] = /^([^:]*):([^:]*):?(.*)$/.exec(spec) ?? [];
  if (!id || !secret) throw new AppError("CONFIGURATION", "SEED_MACHINE_CLIENT must be <client_id>:<client_secret>:<scopes>.");
  const scopes = [...new Set(scopeList.split(/[,\s]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !isManagementScope(s));
  if (unknown.length) throw new AppError("CONFIGURATION", `SEED_MACHINE_CLIENT names unknown scopes: ${unknown.join(", ")}.`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new AppError("CONFIGURATION", "SEED_MACHINE_CLIENT's client_id must be 1 to 64 letters, digits, - or _.");
  const db = await prisma();
  const existing = await db.application.findUnique({ where: { id }, select: { appType: true } });
  if (existing && existing.appType !== "non_interactive") throw new AppError("CONFIGURATION", `SEED_MACHINE_CLIENT names application ${id}, which is not a machine client.`);
  await db.$transaction(async (tx) => {
    const secretFields = { sealedSecret: sealedSecretFor(id, secret), secretHash: null };
    await tx.application.upsert({
      where: { id },
      create: { id, name: "Seeded client", appType: "non_interactive", grantTypes: ["client_credentials"], tokenEndpointAuthMethod: "client_secret_post", ...secretFields },
      update: secretFields,
    });
    await setClientGrant(id, MANAGEMENT_GRANT_AUDIENCE, scopes, tx);
  });
  return { clientId: id, created: !existing };
}
