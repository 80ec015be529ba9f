// The production suites (e2e-production/) need PostgreSQL: several servers and workers share one
// database there. Without TEST_DATABASE_URL they are skipped with a line saying so; CI sets it.
import { spawnSync } from "node:child_process";

if (!process.env.TEST_DATABASE_URL) {
  console.log("\nProduction suites skipped: set TEST_DATABASE_URL=postgres://… to run them (CI does).\n");
  process.exit(0);
}
const result = spawnSync("npx", ["playwright", "test", "-c", "playwright.production.config.ts", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
