import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextCoreWebVitals,
  ...nextTypescript,
  globalIgnores([".next/**", "**/.next/**", "dist/**", "**/next-env.d.ts", "node_modules/**", "data/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".tmp-exp/**"]),
  {
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/config, the only reader of process.env.",
        },
      ],
    },
  },
  {
    // Auth0 Actions and Hooks are CommonJS and load packages with require().
    files: ["actions/**"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["lib/config/**", "scripts/**", "server.ts", "e2e/**", "e2e-production/**", "**/*.test.ts", "**/testing/**", "vitest.config.ts", "playwright.config.ts", "playwright.production.config.ts", "bench/**", "actions/**", "examples/**"],
    rules: { "no-restricted-syntax": "off" },
  },
]);
