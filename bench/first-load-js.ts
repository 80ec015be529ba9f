// First-load JavaScript of each reset page, gzip, from the production build (`.next`): what a
// browser fetches before the page is interactive — Next's root main files (the framework, React,
// the router) plus the page's and its layouts' entry chunks from the client reference manifest.
// Chunks loaded later on demand (the WebAuthn browser code, `import()` when a ceremony starts)
// are listed apart. Run alone with `npx tsx bench/first-load-js.ts`.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { root } from "./server";

export type PageSize = { route: string; files: number; gzipKiB: number; ownGzipKiB: number };

const next = path.join(root, ".next");
const gzipBytes = new Map<string, number>();
function gzipSize(file: string): number {
  let size = gzipBytes.get(file);
  if (size === undefined) {
    size = zlib.gzipSync(fs.readFileSync(path.join(next, file))).length;
    gzipBytes.set(file, size);
  }
  return size;
}

/** Client reference manifests of every page under `app/<under>`. */
function pageManifests(under: string): Array<{ route: string; file: string }> {
  const found: Array<{ route: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page_client-reference-manifest.js") {
        found.push({ route: "/" + path.relative(path.join(next, "server", "app"), dir).split(path.sep).join("/"), file: full });
      }
    }
  };
  walk(path.join(next, "server", "app", under));
  return found.sort((a, b) => a.route.localeCompare(b.route));
}

function entryFiles(manifestFile: string, route: string): string[] {
  const slot = globalThis as typeof globalThis & { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
  // The manifest is a script that assigns through `self`.
  new Function("self", fs.readFileSync(manifestFile, "utf8"))(globalThis);
  const manifest = slot.__RSC_MANIFEST?.[`${route}/page`];
  if (!manifest) throw new Error(`no client manifest entry for ${route}/page in ${manifestFile}`);
  return [...new Set(Object.values(manifest.entryJSFiles).flat())];
}

export function firstLoadJs(under = "reset"): PageSize[] {
  if (!fs.existsSync(path.join(next, "BUILD_ID"))) throw new Error("no production build: run `next build` first");
  const build = JSON.parse(fs.readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  return pageManifests(under).map(({ route, file }) => {
    const own = entryFiles(file, route).filter((f) => !build.rootMainFiles.includes(f));
    const all = [...build.rootMainFiles, ...own];
    const kib = (files: string[]) => Math.round((files.reduce((sum, f) => sum + gzipSize(f), 0) / 1024) * 10) / 10;
    return { route, files: all.length, gzipKiB: kib(all), ownGzipKiB: kib(own) };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const page of firstLoadJs()) console.log(`${page.route.padEnd(28)} ${String(page.gzipKiB).padStart(6)} kB gzip (page's own ${page.ownGzipKiB} kB, ${page.files} files)`);
}
