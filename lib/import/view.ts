import { prisma } from "@/lib/db";
import { isPublicJobId } from "@/lib/jobs";

/** Auth0's job status for a users import; our `uploading` is still `pending` to a client. */
type Auth0JobStatus = "pending" | "processing" | "completed" | "failed";

/** GET /api/v2/jobs/{id} for a users import, in Auth0's shape, or null when there is none. */
export async function userImportJobView(id: string) {
  if (!isPublicJobId(id)) return null;
  const db = await prisma();
  const row = await db.userImport.findUnique({ where: { id } });
  if (!row) return null;
  const connection = await db.connection.findUnique({ where: { id: row.connectionId }, select: { name: true } });
  const status = (row.status === "uploading" ? "pending" : row.status) as Auth0JobStatus;
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

/** GET /api/v2/jobs/{id}/errors: Auth0's `[{ user, errors: [{ code, message, path }] }]`, with where each was. */
export async function userImportErrors(id: string) {
  if (!isPublicJobId(id)) return null;
  const db = await prisma();
  const found = await db.userImport.findUnique({ where: { id }, select: { id: true } });
  if (!found) return null;
  const rows = await db.userImportError.findMany({ where: { importId: id }, orderBy: { index: "asc" } });
  return rows.map((r) => ({ user: r.user, errors: r.errors, index: r.index, line: r.line }));
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
