import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).filter((e) => e !== ".next" && e !== "node_modules" && e !== "next-env.d.ts").map((e) => newestMtime(path.join(p, e))));
}

/**
 * Builds a small Next app of ours (the example relying party, the e2e apps) when it has no build
 * or its sources are newer. With webpack: Turbopack, rooted at the repository for its
 * node_modules, picks up the repository's own proxy.ts as the app's (Next 16.4.5).
 */
export function buildExampleIfNeeded(dir: string): void {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > newestMtime(dir)) return;
  console.log(`[example] building ${path.relative(root, dir)}…`);
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build", "--webpack"], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`next build failed in ${path.relative(root, dir)}`);
}
