import { createApplication, seedApplications } from "@/lib/applications";
import { config, ConfigError } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { seedMachineClient } from "@/lib/management";
import { personalInfoIn, type PersonalInfo, type Rule } from "@/lib/passwords";
import { generateToken } from "@/lib/security";
import { createUser, defaultConnection } from "@/lib/users";

const SYSTEM_CTX = { ip: "127.0.0.1", method: "SEED" } as const;

export type SeedResult =
  | { created: false }
  | { created: true; admin: { email: string; password: string }; demo: { email: string; password: string }; app: { clientId: string; clientSecret: string } };

/** The demo tenant's application, for the example relying party (examples/relying-party, next-auth). */
export const DEMO_APPLICATION = {
  client_id: "rekey-example-app",
  name: "Example app",
  app_type: "regular_web",
  callbacks: ["http://localhost:3001/api/auth/callback/rekey"],
  allowed_logout_urls: ["http://localhost:3001/"],
  web_origins: ["http://localhost:3001"],
  initiate_login_uri: "http://localhost:3001/",
} as const;

/**
 * On the very first start: the default connection, an admin, a demo user and a demo application. The passwords are
 * generated and returned once so the caller can show them; they are stored only as hashes.
 */
export async function seedDemoTenant(): Promise<SeedResult> {
  const db = await prisma();
  if ((await db.user.count()) > 0) return { created: false };
  const connection = await defaultConnection();
  const given = config().SEED_ADMIN_PASSWORD;
  const admin = { email: "admin@example.com", password: given ?? `Rk-${generateToken(12)}` };
  const adminProfile = { name: "Rekey Admin", role: "admin", emailVerified: true } as const;
  const demo = { email: "demo@example.com", password: `Rk-${generateToken(12)}` };
  try {
    await createUser({ ...admin, ...adminProfile }, { connection, ctx: SYSTEM_CTX });
  } catch (error) {
    const refusal = given === undefined ? undefined : seedPasswordRefusal(error, given, { ...admin, ...adminProfile });
    throw refusal ?? error;
  }
  await createUser({ ...demo, name: "Demo User", givenName: "Demo", familyName: "User", emailVerified: true }, { connection, ctx: SYSTEM_CTX });
  const { clientSecret } = await createApplication({ ...DEMO_APPLICATION, callbacks: [...DEMO_APPLICATION.callbacks], allowed_logout_urls: [...DEMO_APPLICATION.allowed_logout_urls], web_origins: [...DEMO_APPLICATION.web_origins] });
  return { created: true, admin, demo, app: { clientId: DEMO_APPLICATION.client_id, clientSecret: clientSecret! } };
}

/**
 * SEED_ADMIN_PASSWORD refused by the password policy, as a configuration error: start-up then
 * says in one line which rule it broke, instead of a stack trace.
 */
function seedPasswordRefusal(error: unknown, password: string, personal: PersonalInfo): ConfigError | undefined {
  if (!(error instanceof AppError) || error.code !== "PASSWORD_POLICY") return undefined;
  const failed = ((error.data?.rules ?? []) as Rule[]).find((rule) => !rule.verified);
  let reason: string;
  if (failed?.code === "personal_info") {
    reason = `it contains personal information of the admin account (${personalInfoIn(password, personal) ?? "its name or email"})`;
  } else if (failed?.code === "dictionary") {
    reason = "it is one of the most common passwords";
  } else if (failed) {
    reason = `it breaks the rule "${failed.message}"`;
  } else {
    reason = error.message;
  }
  return new ConfigError(`SEED_ADMIN_PASSWORD breaks the password policy: ${reason}. Choose another or leave it unset to have one generated.`);
}

/** SEED_MACHINE_CLIENT, when set: a Management API client for bootstrapping and tests. */
export async function seedMachineClientFromConfig(): Promise<{ clientId: string; created: boolean } | null> {
  const spec = config().SEED_MACHINE_CLIENT;
  return spec ? seedMachineClient(spec) : null;
}

/** SEED_APPLICATIONS, when set: applications created or replaced at start with their given secrets. */
export async function seedApplicationsFromConfig(): Promise<string[]> {
  const json = config().SEED_APPLICATIONS;
  return json ? seedApplications(json) : [];
}
