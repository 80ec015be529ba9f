import fs from "node:fs/promises";
import path from "node:path";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";
import { transform, type Message, type TransformFailure } from "esbuild";
import { processWide } from "@/lib/process-wide";
import { customDatabaseShim } from "./custom-database-shim";

/**
 * One code path runs every Action: CommonJS, ESM and TypeScript are all compiled by esbuild to
 * CommonJS for Node 20, with an inline source map so stack traces point at the author's lines.
 * ESM is accepted for convenience (Auth0 itself only takes CommonJS); top-level await is not.
 */
export type CompiledAction = {
  file: string;
  /** Content hash of the source: a worker reuses a loaded module while this stays the same. */
  version: string;
  code: string;
  mtimeMs: number;
  size: number;
};

export type CompileOutcome = { ok: true; compiled: CompiledAction } | { ok: false; file: string; version: string; error: string };

type Entry = { mtimeMs: number; size: number; outcome: Promise<CompileOutcome> };

// Shared through globalThis: Next bundles lib/ into its server build while the custom server and
// the worker load it directly; one cache serves both.
function cache(): Map<string, Entry> {
  return processWide("actions.compiled", () => new Map<string, Entry>());
}

/**
 * Compiles an Action file, from cache while its mtime and size are unchanged (one stat per call,
 * so a file edited on disk is picked up by the next execution without a restart).
 */
export async function compileActionFile(file: string, stat?: { mtimeMs: number; size: number }): Promise<CompileOutcome> {
  const absolute = path.resolve(file);
  let st = stat;
  if (!st) {
    try {
      st = await fs.stat(absolute);
    } catch (error) {
      return { ok: false, file: absolute, version: "missing", error: `Cannot read ${absolute}: ${(error as Error).message}` };
    }
  }
  const entries = cache();
  const hit = entries.get(absolute);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.outcome;
  const outcome = compile(absolute, st);
  entries.set(absolute, { mtimeMs: st.mtimeMs, size: st.size, outcome });
  return outcome;
}

/** Forgets compiled files (tests). */
export function clearCompileCache(): void {
  cache().clear();
}

async function compile(file: string, st: { mtimeMs: number; size: number }): Promise<CompileOutcome> {
  let source: string;
  try {
    source = await fs.readFile(file, "utf8");
  } catch (error) {
    return { ok: false, file, version: "unreadable", error: `Cannot read ${file}: ${(error as Error).message}` };
  }
  const version = crypto.createHash("sha256").update(file).update("\0").update(source).digest("hex").slice(0, 24);
  const ext = path.extname(file).toLowerCase();
  try {
    const result = await transform(source + customDatabaseShim(file), {
      loader: ext === ".ts" ? "ts" : "js",
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcefile: file,
      sourcemap: "inline",
      sourcesContent: false,
      logLevel: "silent",
      // The project's tsconfig is for the project; an Action is compiled on its own.
      tsconfigRaw: { compilerOptions: {} },
      // ESM Actions may use import.meta.url / dirname / filename; CommonJS has no import.meta.
      define: {
        "import.meta.url": JSON.stringify(pathToFileURL(file).href),
        "import.meta.dirname": JSON.stringify(path.dirname(file)),
        "import.meta.filename": JSON.stringify(file),
      },
    });
    return { ok: true, compiled: { file, version, code: result.code, mtimeMs: st.mtimeMs, size: st.size } };
  } catch (error) {
    return { ok: false, file, version, error: formatEsbuildError(file, error) };
  }
}

function formatEsbuildError(file: string, error: unknown): string {
  const messages = (error as Partial<TransformFailure>).errors;
  if (!Array.isArray(messages) || messages.length === 0) return `Compiling ${file} failed: ${(error as Error).message}`;
  return messages.slice(0, 5).map((m) => formatMessage(file, m)).join("\n");
}

function formatMessage(file: string, message: Message): string {
  const loc = message.location;
  const where = loc ? `${path.basename(file)}:${loc.line}:${loc.column + 1}` : path.basename(file);
  const excerpt = loc?.lineText ? `\n    ${loc.lineText.trim().slice(0, 200)}` : "";
  return `${where}: ${message.text}${excerpt}`;
}
