import crypto from "node:crypto";
import { config } from "@/lib/config";
import { prisma, type Prisma } from "@/lib/db";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { openWith, sealWith } from "@/lib/security";
import { applicationInputSchema, redirectUrlProblem, type AppType, type ApplicationInput } from "./schemas";

export type Application = Prisma.ApplicationGetPayload<object>;

const SEAL_PURPOSE = "rekey application secrets v1";

// Auth0's defaults per application type: a browser or a phone cannot keep a secret.
const DEFAULTS: Record<AppType, { grantTypes: string[]; auth: string }> = {
  regular_web: { grantTypes: ["authorization_code", "refresh_token"], auth: "client_secret_post" },
  spa: { grantTypes: ["authorization_code", "refresh_token"], auth: "none" },
  native: { grantTypes: ["authorization_code", "refresh_token"], auth: "none" },
  non_interactive: { grantTypes: ["client_credentials"], auth: "client_secret_post" },
};

function newSecret(): string {
  return crypto.randomBytes(48).toString("base64url");
}

/**
 * Creates an application. The client secret (none for public clients) is returned only here and
 * by rotateApplicationSecret; the row keeps it sealed, because the provider compares it in plain.
 */
export async function createApplication(input: ApplicationInput): Promise<{ application: Application; clientSecret: string | null }> {
  const parsed = applicationInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", undefined, { fields: fieldErrorsFromZod(parsed.error) });
  const data = parsed.data;
  const production = config().isProduction;
  const fields: Record<string, string> = {};
  for (const key of ["callbacks", "allowed_logout_urls"] as const) {
    data[key].forEach((url, i) => {
      const problem = redirectUrlProblem(url, { production, appType: data.app_type });
      if (problem) fields[`${key}.${i}`] ??= `${url} ${problem}`;
    });
  }
  if (Object.keys(fields).length) throw new AppError("INVALID_INPUT", "Some URLs cannot be registered.", { fields });
  const defaults = DEFAULTS[data.app_type];
  const auth = data.token_endpoint_auth_method ?? defaults.auth;
  const id = data.client_id ?? crypto.randomBytes(16).toString("base64url");
  const clientSecret = auth === "none" ? null : newSecret();
  const db = await prisma();
  const application = await db.application.create({
    data: {
      id,
      name: data.name,
      appType: data.app_type,
      sealedSecret: clientSecret ? sealWith(SEAL_PURPOSE, clientSecret, id) : null,
      callbacks: data.callbacks,
      allowedLogoutUrls: data.allowed_logout_urls,
      webOrigins: data.web_origins,
      initiateLoginUri: data.initiate_login_uri ?? null,
      grantTypes: data.grant_types ?? defaults.grantTypes,
      tokenEndpointAuthMethod: auth,
      isFirstParty: data.is_first_party,
      idTokenSignedResponseAlg: data.id_token_signed_response_alg,
      idTokenLifetimeSec: data.id_token_lifetime,
      accessTokenLifetimeSec: data.access_token_lifetime,
      refreshTokenRotation: data.refresh_token_rotation,
      refreshTokenLifetimeSec: data.refresh_token_lifetime,
    },
  });
  return { application, clientSecret };
}

export async function findApplication(clientId: string): Promise<Application | null> {
  if (clientId.length > 64) return null;
  const db = await prisma();
  return db.application.findUnique({ where: { id: clientId } });
}

/** The application's client secret in plain, for the provider's comparison; null for public clients. */
export function openApplicationSecret(application: Pick<Application, "id" | "sealedSecret">): string | null {
  return application.sealedSecret ? openWith(SEAL_PURPOSE, application.sealedSecret, application.id) : null;
}

/** A new client secret, returned once; the old one stops working at once. */
export async function rotateApplicationSecret(clientId: string): Promise<string> {
  const application = await findApplication(clientId);
  if (!application) throw new AppError("NOT_FOUND", "There is no such application.");
  if (application.tokenEndpointAuthMethod === "none") throw new AppError("INVALID_INPUT", "A public application has no client secret.");
  const secret = newSecret();
  await setApplicationSecret(clientId, secret);
  return secret;
}

/** Replaces the client secret with a given one (seeded applications; rotateApplicationSecret draws a new one). */
export async function setApplicationSecret(clientId: string, secret: string): Promise<void> {
  const db = await prisma();
  await db.application.update({ where: { id: clientId }, data: { sealedSecret: sealWith(SEAL_PURPOSE, secret, clientId) } });
}
