import crypto from "node:crypto";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { hashToken, openWith, sealWith, timingSafeEqualString } from "@/lib/security";
import { applicationsChanged } from "./changes";
import { applicationInputSchema, applicationPatchSchema, applicationUrlProblems, type AppType, type ApplicationInput, type ApplicationPatch } from "./schemas";

export type Application = Prisma.ApplicationGetPayload<object>;
type Db = Prisma.TransactionClient;

const SEAL_PURPOSE = "rekey application secrets v1";

// Auth0's defaults per application type: a browser or a phone cannot keep a secret.
const DEFAULTS: Record<AppType, { grantTypes: string[]; auth: string }> = {
  regular_web: { grantTypes: ["authorization_code", "refresh_token"], auth: "client_secret_post" },
  spa: { grantTypes: ["authorization_code", "refresh_token"], auth: "none" },
  native: { grantTypes: ["authorization_code", "refresh_token"], auth: "none" },
  non_interactive: { grantTypes: ["client_credentials"], auth: "client_secret_post" },
};

const CLIENT_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 32 letters and digits, like Auth0's client ids. */
function newClientId(): string {
  return Array.from({ length: 32 }, () => CLIENT_ID_ALPHABET[crypto.randomInt(CLIENT_ID_ALPHABET.length)]).join("");
}

function newSecret(): string {
  return crypto.randomBytes(48).toString("base64url");
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", "The client does not exist", { data: { errorCode: "inexistent_client" } });
}

function assertUrls(data: Parameters<typeof applicationUrlProblems>[0], appType: AppType): void {
  const fields = applicationUrlProblems(data, { production: config().isProduction, appType });
  if (Object.keys(fields).length) throw new AppError("INVALID_INPUT", `Some URLs cannot be registered: ${Object.values(fields)[0]}.`, { fields });
}

type ColumnFields = Pick<ApplicationPatch, "callbacks" | "allowed_logout_urls" | "web_origins" | "is_first_party" | "id_token_signed_response_alg" | "id_token_lifetime" | "access_token_lifetime" | "refresh_token_rotation" | "refresh_token_lifetime">;

/** The columns that are the same field under another name (absent stays absent, for updates). */
function columnsOf(data: ColumnFields) {
  return {
    callbacks: data.callbacks,
    allowedLogoutUrls: data.allowed_logout_urls,
    webOrigins: data.web_origins,
    isFirstParty: data.is_first_party,
    idTokenSignedResponseAlg: data.id_token_signed_response_alg,
    idTokenLifetimeSec: data.id_token_lifetime,
    accessTokenLifetimeSec: data.access_token_lifetime,
    refreshTokenRotation: data.refresh_token_rotation,
    refreshTokenLifetimeSec: data.refresh_token_lifetime,
  };
}

/**
 * Creates an application. The client secret (none for public clients) is returned only here and
 * by rotateApplicationSecret; the row keeps it sealed, because the provider compares it in plain.
 */
export async function createApplication(input: ApplicationInput, tx?: Db): Promise<{ application: Application; clientSecret: string | null }> {
  const parsed = applicationInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", undefined, { fields: fieldErrorsFromZod(parsed.error) });
  const data = parsed.data;
  assertUrls(data, data.app_type);
  const defaults = DEFAULTS[data.app_type];
  const auth = data.token_endpoint_auth_method ?? defaults.auth;
  const id = data.client_id ?? newClientId();
  const clientSecret = auth === "none" ? null : newSecret();
  const db = tx ?? (await prisma());
  const application = await db.application.create({
    data: {
      id,
      name: data.name,
      ...columnsOf(data),
      appType: data.app_type,
      sealedSecret: clientSecret ? sealWith(SEAL_PURPOSE, clientSecret, id) : null,
      initiateLoginUri: data.initiate_login_uri ?? null,
      grantTypes: data.grant_types ?? defaults.grantTypes,
      tokenEndpointAuthMethod: auth,
      backchannelLogoutUri: data.backchannel_logout_uri ?? null,
    },
  });
  applicationsChanged();
  return { application, clientSecret };
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function findApplication(clientId: string): Promise<Application | null> {
  if (!CLIENT_ID.test(clientId)) return null;
  const db = await prisma();
  return db.application.findUnique({ where: { id: clientId } });
}

/** One page of applications, newest first, and how many there are. */
export async function listApplications(options: { page?: number; perPage?: number; appTypes?: AppType[] } = {}): Promise<{ applications: Application[]; total: number }> {
  const perPage = options.perPage ?? 50;
  const where: Prisma.ApplicationWhereInput = options.appTypes?.length ? { appType: { in: options.appTypes } } : {};
  const db = await prisma();
  const [applications, total] = await Promise.all([
    db.application.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (options.page ?? 0) * perPage, take: perPage }),
    db.application.count({ where }),
  ]);
  return { applications, total };
}

/**
 * Changes an application. URLs are checked against the type the application will have; a change
 * to a public client (`none`) drops its secret, a change away from it makes one, returned once.
 */
export async function updateApplication(clientId: string, patch: ApplicationPatch): Promise<{ application: Application; clientSecret: string | null }> {
  const parsed = applicationPatchSchema.safeParse(patch);
  if (!parsed.success) throw new AppError("INVALID_INPUT", undefined, { fields: fieldErrorsFromZod(parsed.error) });
  const data = parsed.data;
  const current = await findApplication(clientId);
  if (!current) throw notFound();
  const appType = data.app_type ?? (current.appType as AppType);
  assertUrls(data, appType);
  const auth = data.token_endpoint_auth_method ?? current.tokenEndpointAuthMethod;
  const gainsSecret = auth !== "none" && !current.sealedSecret && !current.secretHash;
  const clientSecret = gainsSecret ? newSecret() : null;
  const db = await prisma();
  const application = await db.application.update({
    where: { id: clientId },
    data: {
      ...columnsOf(data),
      name: data.name,
      appType: data.app_type,
      initiateLoginUri: data.initiate_login_uri,
      grantTypes: data.grant_types,
      tokenEndpointAuthMethod: data.token_endpoint_auth_method,
      backchannelLogoutUri: data.backchannel_logout_uri,
      ...(auth === "none" ? { sealedSecret: null, secretHash: null } : {}),
      ...(clientSecret ? { sealedSecret: sealWith(SEAL_PURPOSE, clientSecret, clientId) } : {}),
    },
  });
  applicationsChanged();
  return { application, clientSecret };
}

/**
 * Deletes an application and its grants. Its tokens die with it: the provider finds no client for
 * them, and the Management API loads the client on every call.
 */
export async function deleteApplication(clientId: string): Promise<void> {
  if (!CLIENT_ID.test(clientId)) throw notFound();
  const db = await prisma();
  const { count } = await db.application.deleteMany({ where: { id: clientId } });
  applicationsChanged();
  if (count !== 1) throw notFound();
}

/** The application's client secret in plain, for the provider's comparison; null for public clients and hashed legacy secrets. */
export function openApplicationSecret(application: Pick<Application, "id" | "sealedSecret">): string | null {
  return application.sealedSecret ? openWith(SEAL_PURPOSE, application.sealedSecret, application.id) : null;
}

// A well-formed hash to compare against when there is nothing to compare, so that an unknown
// client, a public one and a wrong secret cost the same work.
const NO_SECRET_HASH = hashToken(newSecret());

/** Whether `secret` is the application's, sealed or (a migrated machine client) hashed; constant work. */
export function applicationSecretMatches(application: Pick<Application, "id" | "sealedSecret" | "secretHash"> | null, secret: string): boolean {
  let expected = NO_SECRET_HASH;
  if (application?.sealedSecret) {
    try {
      expected = hashToken(openWith(SEAL_PURPOSE, application.sealedSecret, application.id));
    } catch {
      // Sealed under another AUTH_SECRET: nothing matches.
    }
  } else if (application?.secretHash) {
    expected = application.secretHash;
  }
  return timingSafeEqualString(expected, hashToken(secret)) && expected !== NO_SECRET_HASH;
}

/** A new client secret, returned once; the old one stops working at once. */
export async function rotateApplicationSecret(clientId: string): Promise<{ application: Application; clientSecret: string }> {
  const application = await findApplication(clientId);
  if (!application) throw notFound();
  if (application.tokenEndpointAuthMethod === "none") throw new AppError("INVALID_INPUT", "A public application has no client secret.");
  const clientSecret = newSecret();
  const db = await prisma();
  const updated = await db.application.update({ where: { id: clientId }, data: { sealedSecret: sealWith(SEAL_PURPOSE, clientSecret, clientId), secretHash: null } });
  applicationsChanged();
  return { application: updated, clientSecret };
}

/** Sets a known secret (SEED_MACHINE_CLIENT, the demo seed), sealed like any other. */
export function sealedSecretFor(clientId: string, secret: string): string {
  return sealWith(SEAL_PURPOSE, secret, clientId);
}

/** Replaces the client secret with a given one (seeded applications; rotateApplicationSecret draws a new one). */
export async function setApplicationSecret(clientId: string, secret: string): Promise<void> {
  const db = await prisma();
  await db.application.update({ where: { id: clientId }, data: { sealedSecret: sealWith(SEAL_PURPOSE, secret, clientId) } });
  applicationsChanged();
}
