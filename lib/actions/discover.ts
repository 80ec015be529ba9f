import fs from "node:fs/promises";
import path from "node:path";
import { config, actionSecrets } from "@/lib/config";
import { writeLog } from "@/lib/logs";
import { compileActionFile } from "./compile";
import { inspectActionFile, type InspectResult } from "./sandbox";
import { ACTION_EXTENSIONS, TRIGGERS, type Trigger } from "./triggers";
import { processWide } from "@/lib/process-wide";

/** Per-file options an Action or Hook may export as `exports.rekey` (see actions/README.md). */
export type ActionFileOptions = {
  /**
   * Most executions of this file for one post-change-password delivery, retries included:
   * 1 means it is never retried. Capped by the job's own attempts (JOB_MAX_ATTEMPTS).
   * @default the delivery's maxAttempts
   */
  maxAttempts?: number;
};

/** One file under actions/<trigger>/ as the runtime sees it. */
export type ActionFile = {
  trigger: Trigger;
  /** File name, e.g. `10-revoke-sessions.js`: the order key and the name in logs and executions. */
  name: string;
  /** Absolute path. */
  path: string;
  /** `action` (named exports), `hook` (module.exports = function (user, context, cb)); null when it failed to load. */
  kind: "action" | "hook" | null;
  /** Named exports found (Actions). */
  exports: string[];
  options: ActionFileOptions;
  /** Why the file cannot run: a syntax error, a missing export, a throw in module-level code, too many Actions. */
  loadError?: string;
  /** Changes whenever the file's content does. */
  version: string;
};

/** What the admin console shows per file. */
export type ActionInfo = Pick<ActionFile, "name" | "kind" | "path" | "loadError"> & { trigger: Trigger; maxAttempts?: number };

export type DiscoverOptions = {
  /** Print load errors to the server output, once per file version. @default true */
  report?: boolean;
  /** Also write them to the tenant log (needs the database). @default true */
  tenantLog?: boolean;
};

type Classified = Pick<ActionFile, "kind" | "exports" | "options" | "loadError">;

// Inspection results by file version; module-level code runs once per version here (and once per
// sandbox process that executes it). Shared through globalThis like the other runtime caches.
type Caches = { classified: Map<string, Promise<Classified>>; reported: Set<string> };
function caches(): Caches {
  return processWide<Caches>("actions.discovered", () => ({ classified: new Map(), reported: new Set() }));
}

/** Absolute folder of one trigger's files. */
export function triggerDir(trigger: Trigger): string {
  return path.resolve(config().ACTIONS_DIR, trigger);
}

/**
 * The files of one trigger, in file-name order, each classified (Action or Hook) or carrying its
 * load error. Scans the folder on every call (a readdir and a stat per file; compiled code and
 * inspections are cached by content), so an edit on disk is picked up without a restart.
 */
export async function discoverActions(trigger: Trigger, options: DiscoverOptions = {}): Promise<ActionFile[]> {
  const dir = triggerDir(trigger);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const candidates = names
    .filter((name) => !name.startsWith("_") && !name.startsWith("."))
    .filter((name) => (ACTION_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase()))
    // Plain code-unit order, not the locale's: "10-a" runs before "9-b", as the README says.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const files: ActionFile[] = [];
  for (const name of candidates) {
    const file = path.join(dir, name);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      continue; // removed between readdir and stat
    }
    if (!stat.isFile()) continue;
    files.push(await describeActionFile(trigger, file, stat));
  }

  const max = TRIGGERS[trigger].maxActions;
  if (max !== undefined && files.length > max) {
    const list = files.map((f) => f.name).join(", ");
    files.forEach((f, i) => {
      if (i >= max) {
        f.loadError =
          `${trigger} allows at most ${max} Actions and this is number ${i + 1} (${list}). ` +
          `Disable one by renaming it with a leading "_".`;
      }
    });
  }

  if (options.report ?? true) {
    for (const f of files) if (f.loadError) reportLoadError(f, options.tenantLog ?? true);
  }
  return files;
}

/** Every file of a trigger for the admin console: name, kind, path, load error. */
export async function listActions(trigger: Trigger, options: DiscoverOptions = {}): Promise<ActionInfo[]> {
  const files = await discoverActions(trigger, options);
  return files.map((f) => ({
    trigger: f.trigger,
    name: f.name,
    kind: f.kind,
    path: f.path,
    ...(f.loadError ? { loadError: f.loadError } : {}),
    ...(f.options.maxAttempts !== undefined ? { maxAttempts: f.options.maxAttempts } : {}),
  }));
}

/**
 * Compiles, loads and classifies one file (cached by content), without the folder's rules: used by
 * discovery and by `npm run action -- test`, which may point at a disabled `_example` file.
 */
export async function describeActionFile(trigger: Trigger, file: string, stat?: { mtimeMs: number; size: number }): Promise<ActionFile> {
  const name = path.basename(file);
  const compiled = await compileActionFile(file, stat);
  const version = compiled.ok ? compiled.compiled.version : compiled.version;
  const base = { trigger, name, path: file, version };
  if (!compiled.ok) return { ...base, kind: null, exports: [], options: {}, loadError: compiled.error };

  const cached = caches().classified;
  const key = `${trigger}\0${file}\0${version}`;
  let classified = cached.get(key);
  if (!classified) {
    classified = inspectActionFile({ trigger, file, secrets: actionSecrets(name) }).then((r) => classify(trigger, r));
    cached.set(key, classified);
    // A file that failed to load is loaded again next time, not remembered by its text: what broke
    // it may lie outside the file (a package installed since, a timeout under load).
    void classified.then((c) => {
      if (c.loadError) cached.delete(key);
    });
  }
  return { ...base, ...(await classified) };
}

function classify(trigger: Trigger, inspected: InspectResult): Classified {
  if (!inspected.ok) {
    const output = inspected.logs ? `\nConsole output:\n${inspected.logs}` : "";
    return { kind: null, exports: [], options: {}, loadError: `${inspected.error.message}${output}` };
  }
  const spec = TRIGGERS[trigger];
  const options = parseOptions(inspected.options);
  if ("error" in options) return { kind: null, exports: inspected.exports, options: {}, loadError: options.error };
  const handlers = inspected.exports.filter((e) => (spec.exports as readonly string[]).includes(e));
  if (handlers.includes(spec.exports[0])) {
    return { kind: "action", exports: handlers, options: options.value };
  }
  if (inspected.hookFunction && spec.hooks) {
    return { kind: "hook", exports: [], options: options.value };
  }
  const expected = spec.hooks
    ? `exports.${spec.exports[0]} = async (event, api) => { … } (an Action) or module.exports = function (user, context, cb) { … } (a Hook)`
    : `exports.${spec.exports[0]} = async (event, api) => { … }`;
  const found = inspected.exports.length ? `; it exports ${inspected.exports.join(", ")}` : "";
  return { kind: null, exports: inspected.exports, options: {}, loadError: `Missing export: expected ${expected}${found}.` };
}

function parseOptions(raw: unknown): { value: ActionFileOptions } | { error: string } {
  if (raw === undefined) return { value: {} };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { error: "exports.rekey must be an object such as { maxAttempts: 1 }." };
  const { maxAttempts, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length) return { error: `exports.rekey has unknown option(s) ${unknownKeys.join(", ")}; the only option is maxAttempts.` };
  if (maxAttempts === undefined) return { value: {} };
  if (typeof maxAttempts !== "number" || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 50) {
    return { error: "exports.rekey.maxAttempts must be an integer from 1 to 50 (1 = never retried)." };
  }
  return { value: { maxAttempts } };
}

function reportLoadError(file: ActionFile, tenantLog: boolean) {
  const { reported } = caches();
  const key = `${file.path}\0${file.version}\0${file.loadError}`;
  if (reported.has(key)) return;
  reported.add(key);
  console.error(`[rekey] ${file.trigger} Action ${file.name} cannot run:\n  ${file.loadError!.replace(/\n/g, "\n  ")}`);
  if (!tenantLog) return;
  // The tenant log is where an admin looks. A failure to write it must not stop the runtime.
  writeLog({
    type: "actions_execution_failed",
    description: `Action ${file.trigger}/${file.name} failed to load`.slice(0, 1000),
    details: { trigger: file.trigger, action: file.name, error: file.loadError },
  }).catch(() => {});
}

/** Forgets inspections and reported errors (tests). */
export function clearDiscoveryCache(): void {
  caches().classified.clear();
  caches().reported.clear();
}
