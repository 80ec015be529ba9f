// `npm run build`, second half: compiles the server's own entry points (server.ts, the worker, the
// migrator, and every lib/ module they reach) into plain JavaScript in dist/, so production runs
// `node`, not a TypeScript loader. Packages stay in node_modules (imported, not bundled); lib/ is bundled, as
// Next bundles its own copy for the pages (lib/process-wide keeps the two copies on one state).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Node's ESM loader wants the file a package path names: `next/navigation` must be written
 * `next/navigation.js` where a package has no "exports" map (tsx and bundlers guess, Node does not).
 * Every package import stays external; those Node cannot resolve as written get the `.js` it needs.
 */
const nodeResolvableImports = {
  name: "node-resolvable-imports",
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*\/./ }, (args) => {
      // A folder (next/dist/compiled/@edge-runtime/cookies) is not a file: Node wants its index.js.
      for (const candidate of [args.path, `${args.path}.js`, `${args.path}/index.js`]) if (resolvable(candidate)) return { path: candidate, external: true };
      return undefined;
    });
  },
};

function resolvable(specifier) {
  try {
    const url = import.meta.resolve(specifier);
    return !url.startsWith("file:") || fs.statSync(fileURLToPath(url), { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

export const SERVER_ENTRY_POINTS = { server: "server.ts", worker: "scripts/worker.ts", "db-migrate": "scripts/db-migrate.ts" };

await build({
  absWorkingDir: root,
  entryPoints: SERVER_ENTRY_POINTS,
  outdir: "dist",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  logLevel: "warning",
  plugins: [nodeResolvableImports],
  // ESM evaluates every import before the bundle's code, in the order they appear: lib/ files
  // import next/navigation and next-auth ahead of server.ts's own `next`, and those need the
  // environment Next sets up first (its AsyncLocalStorage), as `next` itself loads it first.
  banner: { js: 'import "next/dist/server/node-environment.js";' },
});
console.log(`[rekey] compiled ${Object.keys(SERVER_ENTRY_POINTS).join(", ")} into dist/`);
