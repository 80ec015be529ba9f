import path from "node:path";
import os from "node:os";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "actions/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts", "lib/reset/testing/transitions-taken.ts"],
    // Records the moves reset flows make, for the comparison with the state table (transitions-taken.ts).
    setupFiles: ["lib/reset/testing/record-transitions.ts"],
    pool: "forks",
    // Vitest's default leaves a core idle (one file at a time on 2 cores), while much of a file's
    // time is spent waiting on PostgreSQL, SMTP, child processes and sockets: two files at once on
    // 2 cores (each has its own database, ports and temporary files).
    maxWorkers: Math.max(2, os.availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: "test",
      // Fast argon2 in tests; the real parameters are measured by `npm run bench`.
      ARGON2_MEMORY_KIB: "1024",
      ARGON2_TIME_COST: "1",
      // The reset request's job is due at once, so tests run it without waiting.
      RESET_REQUEST_DELAY_MS: "0",
      DATA_DIR: path.join(os.tmpdir(), "rekey-vitest-data"),
      AUTH_SECRET: "vitest-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      LOG_LEVEL: "warn",
    },
  },
});
