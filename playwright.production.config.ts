import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The production suites (e2e-production/): each starts its own Rekey cluster in production mode —
 * several servers and workers on one PostgreSQL schema, or the embedded database — and kills,
 * floods or spreads a reset across them. Run by `npm test` when TEST_DATABASE_URL is set
 * (scripts/test-production.mjs).
 */
export default defineConfig({
  ...base,
  testDir: "e2e-production",
  globalSetup: undefined,
  // Each suite loads the machine on its own (floods, 1,000 password changes, kills): one at a time.
  workers: 1,
  timeout: 10 * 60_000,
  use: { ...base.use, baseURL: undefined },
});
