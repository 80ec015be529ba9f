import zlib from "node:zlib";
import { prisma } from "@/lib/db";
import { PermanentJobError, type JobContext } from "@/lib/jobs";
import { toAuth0User } from "@/lib/users";
import { csvHeader, exportLine, type ExportField } from "./fields";

import { userExportJob } from "./create-export";

/** Users read per query; the gzip output is stored in 1 MiB rows as it fills. */
const PAGE = 1000;
export const EXPORT_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes one users export. The file is gzip (Auth0's `.csv.gz` / `.json.gz`) made while reading
 * the users page by page in id order, so memory holds one page and one chunk whatever the tenant's
 * size. An attempt that dies midway leaves chunks behind: the next attempt deletes them and starts
 * over, so the file is never a mix of two runs, and it is marked completed only once whole.
 */
export async function runUserExportJob(job: Pick<JobContext, "payload" | "signal">): Promise<void> {
  const parsed = userExportJob.schema.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError("users.export.run payload is not { exportId }");
  const db = await prisma();
  const row = await db.userExport.findUnique({ where: { id: parsed.data.exportId } });
  if (!row || row.status === "completed" || row.status === "failed") return;
  const exportId = row.id;
  await db.$transaction([db.userExportChunk.deleteMany({ where: { exportId } }), db.userExport.update({ where: { id: exportId }, data: { status: "processing", rows: 0, fileBytes: 0 } })]);

  const fields = row.fields as ExportField[];
  const format = row.format === "csv" ? "csv" : "json";
  const gzip = zlib.createGzip();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let fileBytes = 0;
  gzip.on("data", (chunk: Buffer) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
  });
  const flush = async (all: boolean) => {
    while (pendingBytes >= EXPORT_CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const data = joined.subarray(0, EXPORT_CHUNK_BYTES);
      await db.userExportChunk.create({ data: { exportId, seq: seq++, data: new Uint8Array(data) } });
      fileBytes += data.length;
      const rest = joined.subarray(data.length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  };
  const write = (text: string) => new Promise<void>((resolve) => (gzip.write(text) ? resolve() : gzip.once("drain", resolve)));

  if (format === "csv") await write(csvHeader(fields));
  const connections = new Map((await db.connection.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c]));
  let rows = 0;
  let after: string | undefined;
  for (;;) {
    if (job.signal.aborted) throw new Error("users export interrupted; the next attempt starts it over");
    const take = row.limit === null ? PAGE : Math.min(PAGE, row.limit - rows);
    if (take <= 0) break;
    const users = await db.user.findMany({
      where: { ...(row.connectionId ? { connectionId: row.connectionId } : {}), ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take,
    });
    for (const user of users) await write(exportLine(toAuth0User(user, connections.get(user.connectionId) ?? { id: user.connectionId, name: "" }), fields, format));
    rows += users.length;
    await flush(false);
    if (users.length < take) break;
    after = users[users.length - 1]!.id;
  }
  await new Promise<void>((resolve) => gzip.end(resolve));
  await flush(true);
  await db.userExport.update({ where: { id: exportId }, data: { status: "completed", rows, fileBytes, completedAt: new Date() } });
}

/** The stored file, one chunk at a time (the download streams it). */
export async function* readExportFile(exportId: string): AsyncGenerator<Uint8Array> {
  const db = await prisma();
  for (let seq = 0; ; seq++) {
    const chunk = await db.userExportChunk.findUnique({ where: { exportId_seq: { exportId, seq } }, select: { data: true } });
    if (!chunk) return;
    yield new Uint8Array(chunk.data);
  }
}
