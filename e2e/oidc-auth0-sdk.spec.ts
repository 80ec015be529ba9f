import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect, test, type Browser } from "@playwright/test";
import { buildExampleIfNeeded } from "../scripts/example-build";
import { waitForHealth } from "../lib/testing/wait-for-health";
import { freePort, startRekeyServer } from "./fixtures/rekey-server";
import { startTlsLoopback } from "./fixtures/tls-loopback";
import { workerRekeyPort } from "./fixtures/worker-stack";

// An application written for Auth0 (@auth0/nextjs-auth0 4.30, configured only by AUTH0_DOMAIN and
// its client's id and secret) signs in against Rekey by changing only its domain (issue 12). Its
// own Rekey: the issuer must be https://rekey.test/, behind a TLS proxy on loopback.
const root = path.resolve(import.meta.dirname, "..");
const APP_DIR = path.join(root, "e2e/apps/auth0-app");
const HOST = "rekey.test";
// A loopback address of this worker's own (its Rekey port's digits), so parallel runs and workers do not meet on :443.
const rekeyPort = workerRekeyPort();
const ADDRESS = `127.0.${Math.floor(rekeyPort / 100) % 256}.${(rekeyPort % 100) + 1}`;
// Apart from every worker's relying parties (relyingParties(): +100, +150): +104 met worker 1's App Two.
const APP_PORT = rekeyPort + 200;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const CLIENT = { id: "e2e-auth0-sdk-app", secret: "e2e-auth0-sdk-secret-0123456789abcdefghij" };
const ADMIN_PASSWORD = "Hold-The-Door-4242";

let browser: Browser;
const cleanups: (() => Promise<void>)[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-auth0-"));
  const port = await freePort();
  const rekey = await startRekeyServer({
    port,
    logName: "server-auth0-sdk.log",
    // A first start (keys, the build's pages) beside the suite's own server: slower than the default allows on a busy machine.
    timeoutMs: 400_000,
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PUBLIC_URL: `https://${HOST}`,
      DATA_DIR: dataDir,
      AUTH_SECRET: "e2e-auth0-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      SMTP_URL: "smtp://127.0.0.1:9",
      SEED_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SEED_APPLICATIONS: JSON.stringify([
        { client_id: CLIENT.id, client_secret: CLIENT.secret, name: "Auth0 SDK app", app_type: "regular_web", callbacks: [`${APP_URL}/auth/callback`], allowed_logout_urls: [APP_URL, `${APP_URL}/`] },
      ]),
    },
  });
  cleanups.push(async () => {
    await rekey.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const proxy = await startTlsLoopback({ host: HOST, address: ADDRESS, targetPort: port });
  cleanups.push(proxy.close);

  buildExampleIfNeeded(APP_DIR);
  const logFile = path.join(root, "test-results", "auth0-sdk-app.log");
  const log = fs.openSync(logFile, "w");
  const app = spawn(process.execPath, ["--import", path.join(APP_DIR, "dns-override.mjs"), path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(APP_PORT), "-H", "127.0.0.1"], {
    cwd: APP_DIR,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_EXTRA_CA_CERTS: proxy.caFile,
      REKEY_TEST_HOST: HOST,
      REKEY_TEST_ADDRESS: ADDRESS,
      AUTH0_DOMAIN: HOST,
      AUTH0_CLIENT_ID: CLIENT.id,
      AUTH0_CLIENT_SECRET: CLIENT.secret,
      AUTH0_SECRET: "a".repeat(64),
      APP_BASE_URL: APP_URL,
    },
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => app.once("exit", resolve));
  cleanups.push(async () => {
    if (app.exitCode === null && app.signalCode === null) app.kill("SIGTERM");
    await exited;
  });
  await waitForHealth(`${APP_URL}/`, { name: "The Auth0 SDK app", exited, log: "test-results/auth0-sdk-app.log" });

  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP ${HOST} ${ADDRESS}`] });
  cleanups.push(() => browser.close());
});

test.afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("@auth0/nextjs-auth0 configured by AUTH0_DOMAIN alone: log in with a password, a refresh token, log out of Rekey too", async () => {
  // The test CA is trusted by the app's Node (NODE_EXTRA_CA_CERTS), not by this browser.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(APP_URL);
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(new RegExp(`^https://${HOST.replace(".", "\\.")}/login\\?`));
  await page.getByLabel("Email or username").fill("admin@example.com");
  await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in, the consent granted without a screen (offline_access), the code, the SDK's token
  // exchange over TLS: more round trips than the default wait covers on a busy machine.
  await expect(page).toHaveURL(`${APP_URL}/`, { timeout: 45_000 });
  await expect(page.getByTestId("signed-in-as")).toHaveText("admin@example.com");
  // offline_access without prompt=consent: a first-party app still gets its refresh token.
  await expect(page.getByTestId("has-refresh-token")).toHaveText("refresh token");

  await page.getByRole("link", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/?$`));
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto(`https://${HOST}/account`);
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});
