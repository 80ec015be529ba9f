import type { PrismaClient } from "@/lib/db";

/** Stored chunk size: a resume at byte b reads from chunk ⌊b / CHUNK_BYTES⌋. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Stores an uploaded file as fixed 1 MiB chunks (the last one shorter), holding one chunk in
 * memory at a time. Returns the byte count; throws RangeError past `maxBytes`.
 */
export async function storeImportFile(db: PrismaClient, importId: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  const flush = async (all: boolean) => {
    while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const data = joined.subarray(0, CHUNK_BYTES);
      await db.userImportChunk.create({ data: { importId, seq: seq++, data: new Uint8Array(data) } });
      const rest = joined.subarray(data.length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  };
  for await (const piece of source) {
    total += piece.length;
    if (total > maxBytes) throw new RangeError(`The users file is larger than ${maxBytes} bytes.`);
    pending.push(piece);
    pendingBytes += piece.length;
    await flush(false);
  }
  await flush(true);
  return total;
}

/** The stored file from byte `from` on, one chunk at a time. */
export async function* readImportFile(db: PrismaClient, importId: string, from: number): AsyncGenerator<Buffer> {
  let seq = Math.floor(from / CHUNK_BYTES);
  let skip = from - seq * CHUNK_BYTES;
  for (;;) {
    const chunk = await db.userImportChunk.findUnique({ where: { importId_seq: { importId, seq } }, select: { data: true } });
    if (!chunk) return;
    const data = Buffer.from(chunk.data);
    yield skip ? data.subarray(skip) : data;
    skip = 0;
    seq++;
  }
}
