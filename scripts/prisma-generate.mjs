// Prisma's CLI tries to download its native schema engine even for `generate`, which needs no
// engine at all; pointing it at /bin/false skips the download so this works offline.
import { spawnSync } from "node:child_process";

const result = spawnSync(
  process.execPath,
  ["node_modules/prisma/build/index.js", "generate"],
  { stdio: "inherit", env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
);
process.exit(result.status ?? 1);
