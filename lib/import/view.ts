import { prisma } from "@/lib/db";
import { isPublicJobId } from "@/lib/jobs";

/** Auth0's job status for a users import. */
type Auth0JobStatus = "pending" | "processing" | "completed" | "failed";

/**
 * GET /api/v2/jobs/{id} for a users import, in Auth0's shape, or null when there is none. An import
 * still `uploading` is not a job yet: its id is answered only once its file is stored, as Auth0's is.
 */
export async function userImportJobView(id: string) {
  if (!isPublicJobId(id)) return null;
  const db = await prisma();
  const row = await db.userImport.findUnique({ where: { id } });
  if (!row || row.status === "uploading" || row.connectionId === null) return null;
  const connection = await db.connection.findUnique({ where: { id: row.connectionId }, select: { name: true } });
  const status = row.status as Auth0JobStatus;
  const total = row.inserted + row.updated + row.failed;
  return {
    type: "users_import",
    status,
    id: row.id,
    connection_id: row.connectionId,
    connection: connection?.name,
    created_at: row.createdAt.toISOString(),
    ...(row.externalId ? { external_id: row.externalId } : {}),
    upsert: row.upsert,
    send_completion_email: row.sendCompletionEmail,
    ...(status === "processing" && row.fileBytes > 0 ? { percentage_done: Math.min(99, Math.floor((row.nextByte / row.fileBytes) * 100)) } : {}),
    ...(status === "completed" || status === "failed" || status === "processing" ? { summary: { failed: row.failed, updated: row.updated, inserted: row.inserted, total } } : {}),
    ...(status === "failed" && row.error ? { status_details: row.error } : {}),
  };
}

/** Refused users read per query: the errors of a file of a million refused users are never held whole. */
const ERROR_PAGE = 500;

type ImportErrorView = { user: unknown; errors: unknown; index: number; line: number };

/** An import's refused users in file order, at most `take`, read a page at a time. */
async function* importErrorRows(id: string, take: number): AsyncGenerator<ImportErrorView> {
  const db = await prisma();
  let after = -1;
  for (let left = take; left > 0; ) {
    const page = Math.min(ERROR_PAGE, left);
    const rows = await db.userImportError.findMany({ where: { importId: id, index: { gt: after } }, orderBy: { index: "asc" }, take: page });
    for (const r of rows) yield { user: r.user, errors: r.errors, index: r.index, line: r.line };
    if (rows.length < page) return;
    left -= rows.length;
    after = rows[rows.length - 1]!.index;
  }
}

async function importExists(id: string): Promise<boolean> {
  if (!isPublicJobId(id)) return false;
  const db = await prisma();
  return (await db.userImport.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Auth0's `[{ user, errors: [{ code, message, path }] }]`, with where each was: the first `take` (the console shows 200). */
export async function userImportErrors(id: string, take = Number.POSITIVE_INFINITY): Promise<ImportErrorView[] | null> {
  if (!(await importExists(id))) return null;
  const errors: ImportErrorView[] = [];
  for await (const error of importErrorRows(id, take)) errors.push(error);
  return errors;
}

/**
 * GET /api/v2/jobs/{id}/errors: the same array, all of it, as JSON text streamed a page at a time
 * (a 500 MB file can refuse 100,000 users of a few KB each), or null when there is no such import.
 */
export async function userImportErrorsJson(id: string): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await importExists(id))) return null;
  const rows = importErrorRows(id, Number.POSITIVE_INFINITY);
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        controller.enqueue(encoder.encode(first ? "[]" : "]"));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode((first ? "[" : ",") + JSON.stringify(next.value)));
      first = false;
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

/** The newest imports, for the console's list. */
export async function recentUserImports(take = 10) {
  const db = await prisma();
  const rows = await db.userImport.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true } });
  return (await Promise.all(rows.map((r) => userImportJobView(r.id)))).filter((v) => v !== null);
}

/**
 * How many users still hold a password hash imported from another system (bcrypt, argon2i/d, or a
 * `custom_password_hash`): each is replaced by argon2id at that user's first sign-in or reset.
 */
export async function foreignHashCount(): Promise<number> {
  const db = await prisma();
  return db.user.count({
    where: { OR: ["foreign:", "$2a$", "$2b$", "$2y$", "$argon2i$", "$argon2d$"].map((prefix) => ({ passwordHash: { startsWith: prefix } })) },
  });
}
