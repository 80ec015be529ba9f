import { createApplication } from "@/lib/applications";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { seedMachineClient } from "@/lib/management";
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
  const admin = { email: "admin@example.com", password: config().SEED_ADMIN_PASSWORD ?? `Rk-${generateToken(12)}` };
  const demo = { email: "demo@example.com", password: `Rk-${generateToken(12)}` };
  await createUser({ ...admin, name: "Rekey Admin", role: "admin", emailVerified: true }, { connection, ctx: SYSTEM_CTX });
  await createUser({ ...demo, name: "Demo User", givenName: "Demo", familyName: "User", emailVerified: true }, { connection, ctx: SYSTEM_CTX });
  const { clientSecret } = await createApplication({ ...DEMO_APPLICATION, callbacks: [...DEMO_APPLICATION.callbacks], allowed_logout_urls: [...DEMO_APPLICATION.allowed_logout_urls], web_origins: [...DEMO_APPLICATION.web_origins] });
  return { created: true, admin, demo, app: { clientId: DEMO_APPLICATION.client_id, clientSecret: clientSecret! } };
}

/** SEED_MACHINE_CLIENT, when set: a Management API client for bootstrapping and tests. */
export async function seedMachineClientFromConfig(): Promise<{ clientId: string; created: boolean } | null> {
  const spec = config().SEED_MACHINE_CLIENT;
  return spec ? seedMachineClient(spec) : null;
}
