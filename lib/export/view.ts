import { prisma } from "@/lib/db";
import { isPublicJobId } from "@/lib/jobs";
import { AppError } from "@/lib/errors";
import { exportLocation, isValidExportLocation } from "./location";
import { readExportFile } from "./run-export";

/** GET /api/v2/jobs/{id} for a users export, in Auth0's shape (`location` once completed), or null. */
export async function userExportJobView(id: string) {
  if (!isPublicJobId(id)) return null;
  const db = await prisma();
  const row = await db.userExport.findUnique({ where: { id } });
  if (!row) return null;
  const connection = row.connectionId ? await db.connection.findUnique({ where: { id: row.connectionId }, select: { name: true } }) : null;
  return {
    type: "users_export",
    status: row.status as "pending" | "processing" | "completed" | "failed",
    id: row.id,
    ...(row.connectionId ? { connection_id: row.connectionId, connection: connection?.name } : {}),
    format: row.format,
    ...(row.limit !== null ? { limit: row.limit } : {}),
    fields: row.fields,
    created_at: row.createdAt.toISOString(),
    ...(row.status === "completed" ? { location: exportLocation(row.id), summary: { total: row.rows } } : {}),
    ...(row.status === "failed" && row.error ? { status_details: row.error } : {}),
  };
}

/** The newest exports, for the console. */
export async function recentUserExports(take = 10) {
  const db = await prisma();
  const rows = await db.userExport.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true, format: true, status: true, rows: true, createdAt: true } });
  return rows.map((r) => ({ ...r, location: r.status === "completed" ? exportLocation(r.id) : null }));
}

/**
 * The download behind a location URL: the gzip file, streamed chunk by chunk. A wrong or expired
 * signature and an unknown or unfinished export all answer the same 404, so the URL's signature
 * cannot be tested against ids.
 */
export async function downloadUserExport(id: string, expires: string | null, signature: string | null): Promise<Response> {
  const notFound = () => new AppError("NOT_FOUND", "The export does not exist or its link has expired.", { data: { errorCode: "inexistent_job" } });
  if (!isValidExportLocation(id, expires, signature)) throw notFound();
  const db = await prisma();
  const row = await db.userExport.findUnique({ where: { id }, select: { status: true, format: true, fileBytes: true } });
  if (!row || row.status !== "completed") throw notFound();
  const chunks = readExportFile(id);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/gzip",
      "content-length": String(row.fileBytes),
      "content-disposition": `attachment; filename="${id}.${row.format}.gz"`,
      "cache-control": "private, no-store",
    },
  });
}
