import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";

/** Server action id → the paths of the pages whose forms use it. */
export type ActionPages = ReadonlyMap<string, readonly RegExp[]>;

type Manifest = { node?: Record<string, { workers?: Record<string, unknown> }> };

let built: ActionPages | undefined | null = null;

/** The action pages of this build, read once. */
export function actionPagesOfBuild(): ActionPages | undefined {
  if (built === null) built = loadActionPages();
  return built;
}

/**
 * Reads Next.js's build manifest of server actions (`.next/server/server-reference-manifest.json`):
 * for each action id, the pages ("workers") that import it. Undefined when there is no build
 * (development), where the check is skipped.
 */
export function loadActionPages(root = process.cwd()): ActionPages | undefined {
  let text: string;
  try {
    text = fs.readFileSync(/* turbopackIgnore: true */ path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8");
  } catch {
    return undefined;
  }
  return actionPagesFromManifest(JSON.parse(text) as Manifest);
}

export function actionPagesFromManifest(manifest: Manifest): ActionPages {
  const pages = new Map<string, RegExp[]>();
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    pages.set(id, Object.keys(entry.workers ?? {}).map(workerPattern));
  }
  return pages;
}

/** `app/admin/users/[id]/page` → the paths it serves. Route groups and slots add no segment. */
function workerPattern(worker: string): RegExp {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/(^|\/)page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  const source = segments
    .map((s) => {
      if (/^\[\[\.\.\..+\]\]$/.test(s)) return "(?:/.+)?";
      if (/^\[\.\.\..+\]$/.test(s)) return "/.+";
      if (/^\[.+\]$/.test(s)) return "/[^/]+";
      return `/${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    })
    .join("");
  return new RegExp(`^${source || "/"}$`);
}

/**
 * Refuses a server action posted to a page that does not use it. Next.js would forward such a
 * call, body and cookies, to a page that has it, by an HTTP request to its own listening address.
 * When that inner request is answered before its body is read (this guard refuses it as soon as
 * the client's Host is not the listening address), the aborted body reaches no error listener:
 * an uncaughtException in the server, once per request. Our own forms always post to the page
 * that rendered them, so nothing real is lost. An id no page knows is left to Next.js, which
 * answers it 409 itself.
 */
export function assertActionOnPage(actionId: string, pathname: string, pages: ActionPages): void {
  const allowed = pages.get(actionId);
  if (!allowed) return;
  if (!allowed.some((pattern) => pattern.test(pathname))) throw new AppError("ACTION_UNAVAILABLE");
}
