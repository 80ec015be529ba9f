import { defineConfig } from "@playwright/test";
import { selectWorkerStack } from "./e2e/fixtures/worker-stack";

// Each worker gets its own Rekey, mailbox, webhook receiver, verifier site and actions folder
// (e2e/global-setup.ts starts one stack per worker; e2e/fixtures/worker-stack.ts points the
// worker at its own). So a new spec file runs in parallel with the others as it is written:
// journeys in one file run in order in one worker, files spread over the workers, and no two
// workers share a database, a rate-limit counter, a mailbox or an Action file. Running one spec,
// `--workers=1` starts one stack instead of E2E_WORKERS.
const port = selectWorkerStack();

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
