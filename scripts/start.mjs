// `npm start`: builds when there is no build or the sources are newer (`npm run build`: the Next
// app, then the server compiled into dist/), then starts the compiled server (migrations, demo
// seed, in-process worker) in this process, with plain `node`.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "public", "server.ts", "scripts/worker.ts", "next.config.js", "package.json", "middleware.ts", "proxy.ts"];
const BUILT = [".next/BUILD_ID", "dist/server.js", "dist/worker.js"];

function newestMtime(p) {
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

function builtAt() {
  return Math.min(...BUILT.map((file) => (fs.existsSync(path.join(root, file)) ? fs.statSync(path.join(root, file)).mtimeMs : 0)));
}

function buildIfNeeded() {
  if (builtAt() > Math.max(...SOURCES.map(newestMtime))) return;
  console.log("[rekey] building the app (first start or sources changed)…");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const args of [[path.join(root, "node_modules/next/dist/bin/next"), "build"], [path.join(root, "scripts/build-server.mjs")]]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

buildIfNeeded();
const { exitWithStartupError, startServer } = await import(path.join(root, "dist/server.js"));
startServer().catch(exitWithStartupError);
