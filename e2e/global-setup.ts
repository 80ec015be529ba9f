import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { startMailboxService } from "./fixtures/mailbox-service";
import { startRekeyServer } from "./fixtures/rekey-server";
import { seededApplications } from "./fixtures/relying-party";
import { startVerifierSite, VERIFIER_SECRET } from "./fixtures/verifier-site";
import { SMS_HOOK_PATH, startWebhookService } from "./fixtures/webhook-service";
import { firstPort, STACK_ENV_PREFIX, type StackEnv } from "./fixtures/worker-stack";

/**
 * Starts, for each Playwright worker, its own copy of what the journeys need, for real: an SMTP
 * server on loopback that keeps every message (read by the specs over a small HTTP API), a webhook
 * receiver, an external verifier site, an actions folder, and Rekey itself on a fresh embedded
 * database, run as `npm start` runs it, sending its mail to that SMTP server. Worker N talks only
 * to stack N (port E2E_PORT + N; e2e/fixtures/worker-stack.ts), so journeys in different workers
 * share no database, rate-limit counter, mailbox or Action file.
 */
export default async function globalSetup(config: FullConfig) {
  const started = await Promise.allSettled(Array.from({ length: config.workers }, (_, index) => startStack(index)));
  const stops = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stopAll = async () => void (await Promise.all(stops.map((stop) => stop())));
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    // Playwright runs no teardown when the setup throws: stop the stacks that did start.
    await stopAll();
    throw failed.reason;
  }
  return stopAll;
}

async function startStack(index: number) {
  const port = firstPort() + index;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-"));
  const actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-actions-"));
  const mailbox = await startMailboxService();
  const webhooks = await startWebhookService();
  const verifier = await startVerifierSite({ rekeyUrl: `http://localhost:${port}` });
  const env: StackEnv = {
    E2E_MAILBOX_API: mailbox.apiUrl,
    E2E_WEBHOOK_API: webhooks.base,
    E2E_VERIFIER_URL: verifier.base,
    E2E_ACTIONS_DIR: actionsDir,
    E2E_ADMIN_PASSWORD: "Hold-The-Door-4242",
    // A Management API client the server creates at start (SEED_MACHINE_CLIENT), for API journeys
    // and for the accounts journeys start with (fixtures/users.ts, signUp).
    E2E_MACHINE_CLIENT: "e2e-seeded-client:e2e-seeded-secret-0123456789abcdefghij:read:users,create:users,create:user_tickets",
  };
  process.env[`${STACK_ENV_PREFIX}${index}`] = JSON.stringify(env);

  const logName = index === 0 ? "server.log" : `server-${index}.log`;
  const server = await startRekeyServer({
    port,
    logName,
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      // Production keeps no dev mailbox: mail goes to the SMTP capture, SMS to the webhook
      // receiver through the `http` provider, and the specs read both from there.
      SMTP_URL: mailbox.smtpUrl,
      SMS_PROVIDER: "http",
      // The test numbers are +1 555 …: the allow-list production requires with the http provider.
      SMS_ALLOWED_COUNTRY_CODES: "+1",
      SMS_HTTP_URL: `${webhooks.base}${SMS_HOOK_PATH}`,
      SEED_ADMIN_PASSWORD: env.E2E_ADMIN_PASSWORD,
      SEED_MACHINE_CLIENT: env.E2E_MACHINE_CLIENT,
      // The relying parties of the oidc-* journeys (fixtures/relying-party.ts).
      SEED_APPLICATIONS: seededApplications(port),
      WORKER_POLL_MS: "100",
      ACTIONS_DIR: actionsDir,
      // Secrets reach Actions as event.secrets.WEBHOOK_BASE (lib/config/action-secrets.ts).
      ACTION_SECRET_WEBHOOK_BASE: webhooks.base,
      // The external verifier site of the post-challenge journeys and the secret it shares with
      // the Action that redirects there: scoped to that file (`10-verify.js`, slug VERIFY), so
      // event.secrets.VERIFIER_URL / VERIFIER_SECRET reach no other Action.
      ACTION_SECRET_VERIFIER_URL__VERIFY: verifier.base,
      ACTION_SECRET_VERIFIER_SECRET__VERIFY: VERIFIER_SECRET,
      // Short enough for the journeys to see an endless loop stopped.
      ACTION_TIMEOUT_MS: "4000",
    },
  });
  // The demo application the first start seeds (a regular web app, callback on localhost:3001),
  // whose secret is printed once: the relying party of the sign-in journeys (post-login.spec.ts).
  const seeded = /app\s+client_id (\S+)\s+client_secret (\S+)/.exec(fs.readFileSync(path.join(import.meta.dirname, "..", "test-results", logName), "utf8"));
  if (seeded) {
    env.E2E_DEMO_APP = `${seeded[1]}:${seeded[2]}`;
    process.env[`${STACK_ENV_PREFIX}${index}`] = JSON.stringify(env);
  }

  return async () => {
    await server.stop();
    await mailbox.close();
    await webhooks.close();
    await verifier.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(actionsDir, { recursive: true, force: true });
  };
}
