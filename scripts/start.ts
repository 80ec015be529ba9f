// `npm start`: builds the app when there is no build or the sources are newer, then starts the
// server (migrations, demo seed, in-process worker).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { exitWithStartupError, startServer } from "../server";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "public", "next.config.js", "package.json", "middleware.ts", "proxy.ts"];

function newestMtime(p: string): number {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(full)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestMtime))) return;
  console.log("[rekey] building the app (first start or sources changed)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
startServer().catch(exitWithStartupError);
