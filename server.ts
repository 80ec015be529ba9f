// The Rekey server: opens the database (embedded PGlite by default), applies migrations, seeds a
// demo tenant on first start, serves the Next.js app, and runs the job worker in-process.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { config, ConfigError } from "@/lib/config";
import { closeDatabase, database, DataDirLockedError } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { seeOtherAfterPost, stampClientIp } from "@/lib/http";
import { seedApplicationsFromConfig, seedDemoTenant, seedMachineClientFromConfig } from "@/lib/runtime/seed";
import { startInProcessWorker } from "@/lib/runtime/worker";
import { discoverActions, shutdownSandbox, TRIGGER_IDS, warmUpSandbox } from "@/lib/actions";
import { handleTokenRequest } from "@/lib/management";
import { scheduleOidcSweep, startOpenIdProvider } from "@/lib/oidc";

// The project root is the working directory, as for every way Rekey runs (lib/actions/sandbox's
// projectRoot): this file runs compiled from dist/ in production, so its own location is not it.
const root = process.cwd();

export async function startServer(options: { dev?: boolean } = {}) {
  const cfg = config();
  const db = await database();
  const { applied } = await applyMigrations(db);
  if (applied.length) console.log(`[rekey] applied migrations: ${applied.join(", ")}`);
  const seed = await seedDemoTenant();
  if (seed.created) {
    console.log(
      "\n[rekey] First start: demo tenant created. These passwords are shown only now:\n" +
        `        admin  ${seed.admin.email}  ${seed.admin.password}\n` +
        `        user   ${seed.demo.email}  ${seed.demo.password}\n` +
        `        app    client_id ${seed.app.clientId}  client_secret ${seed.app.clientSecret}\n`,
    );
  }

  const machineClient = await seedMachineClientFromConfig();
  if (machineClient?.created) console.log(`[rekey] Management API client ${machineClient.clientId} created from SEED_MACHINE_CLIENT`);
  const seededApps = await seedApplicationsFromConfig();
  if (seededApps.length) console.log(`[rekey] applications from SEED_APPLICATIONS: ${seededApps.join(", ")}`);

  // Next reads these itself; they derive from our configuration, the single source of truth.
  process.env.NEXTAUTH_URL = cfg.PUBLIC_URL;
  process.env.NEXTAUTH_SECRET = cfg.AUTH_SECRET;
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  // OpenID Provider: its routes are answered before Next (lib/oidc/routes.ts); client credentials
  // on /oauth/token stay with the Management API's handler.
  const oidc = await startOpenIdProvider({ clientCredentials: handleTokenRequest });
  if (oidc.generatedKeys.length) console.log(`[rekey] generated signing keys: ${oidc.generatedKeys.join(", ")}`);
  await scheduleOidcSweep(0);

  const app = next({ dev: options.dev ?? false, dir: root, hostname: cfg.HOST, port: cfg.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    // The client IP comes from the socket and, per TRUST_PROXY, what our own proxies appended;
    // never from what the client claims.
    stampClientIp(req);
    if (oidc.owns(req)) return void oidc.handle(req, res);
    seeOtherAfterPost(req, res);
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(cfg.PORT, cfg.HOST, resolve));
  // Load every Action once now, so a broken file (or a fifth post-challenge Action) is reported at
  // start rather than at the first reset.
  for (const trigger of TRIGGER_IDS) await discoverActions(trigger, { report: true, tenantLog: true });
  await warmUpSandbox();
  const worker = cfg.WORKER_IN_PROCESS ? startInProcessWorker() : undefined;
  console.log(`[rekey] ${cfg.PRODUCT_NAME} listening on ${cfg.PUBLIC_URL} (${db.target.kind === "postgres" ? "PostgreSQL" : `embedded database in ${cfg.dataDir}`}${worker ? ", in-process worker" : ""})`);
  if (cfg.DEV_MAILBOX) console.log(`[rekey] mail is not delivered: read it at ${cfg.PUBLIC_URL}/dev/mailbox`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    await worker?.stop();
    await shutdownSandbox({ graceful: true });
    await app.close?.();
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

export function exitWithStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`[rekey] cannot start: ${error.message}`);
  } else {
    console.error("[rekey] cannot start:", error);
  }
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startServer({ dev: process.argv.includes("--dev") }).catch(exitWithStartupError);
}
