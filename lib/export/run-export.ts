import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { database, prisma, storeInChunks, storedChunkWriter } from "@/lib/db";
import { PermanentJobError, type JobContext } from "@/lib/jobs";
import { toAuth0User } from "@/lib/users";
import { csvHeader, exportLine, type ExportField } from "./fields";
import { userExportJob } from "./create-export";

/** Users read per query at most. */
const PAGE = 1000;
/**
 * @default 2 MiB. About this much export text per page: the next page's size follows the average
 * line of the last one, so a tenant whose users carry 100 KB of metadata each reads 20 at a time,
 * not 1000 (100 MB).
 */
const PAGE_BYTES = 2 * 1024 * 1024;
const MIN_PAGE = 10;

/**
 * Writes one users export. The file is gzip (Auth0's `.csv.gz` / `.json.gz`) made while reading
 * the users page by page in id order and stored in rows as it fills, with backpressure from the
 * database down to the reads: memory holds one page and one chunk whatever the tenant's size. An
 * attempt that dies midway leaves chunks behind: the next attempt deletes them and starts over, so
 * the file is never a mix of two runs, and it is marked completed only once whole.
 */
export async function runUserExportJob(job: Pick<JobContext, "payload" | "signal">): Promise<void> {
  const parsed = userExportJob.schema.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError("users.export.run payload is not { exportId }");
  const { prisma: db, executeOnDriver } = await database();
  const row = await db.userExport.findUnique({ where: { id: parsed.data.exportId } });
  if (!row || row.status === "completed" || row.status === "failed") return;
  const exportId = row.id;
  await db.$transaction([db.userExportChunk.deleteMany({ where: { exportId } }), db.userExport.update({ where: { id: exportId }, data: { status: "processing", rows: 0, fileBytes: 0 } })]);

  const fields = row.fields as ExportField[];
  const format = row.format === "csv" ? "csv" : "json";
  const connections = new Map((await db.connection.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c]));
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    if (format === "csv") yield csvHeader(fields);
    let after: string | undefined;
    let pageSize = PAGE;
    for (;;) {
      if (job.signal.aborted) throw new Error("users export interrupted; the next attempt starts it over");
      const take = row!.limit === null ? pageSize : Math.min(pageSize, row!.limit - rows);
      if (take <= 0) return;
      const users = await db.user.findMany({
        where: { ...(row!.connectionId ? { connectionId: row!.connectionId } : {}), ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: "asc" },
        take,
      });
      let pageBytes = 0;
      for (const user of users) {
        const line = exportLine(toAuth0User(user, connections.get(user.connectionId) ?? { id: user.connectionId, name: "" }), fields, format);
        pageBytes += line.length;
        yield line;
      }
      rows += users.length;
      if (users.length < take) return;
      after = users[users.length - 1]!.id;
      pageSize = Math.max(MIN_PAGE, Math.min(PAGE, Math.floor(PAGE_BYTES / (pageBytes / users.length))));
    }
  }
  let fileBytes = 0;
  await pipeline(Readable.from(lines()), zlib.createGzip(), async (gzipped: AsyncIterable<Buffer>) => {
    fileBytes = await storeInChunks(gzipped, storedChunkWriter(executeOnDriver, "export", exportId));
  });
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
