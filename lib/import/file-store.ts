import type { PrismaClient } from "@/lib/db";

/**
 * @default 65_536. Size of the stored chunks of a new upload (the last one shorter). Small on
 * purpose: Prisma's debug module keeps the arguments of its last 100 queries in memory even when
 * debugging is off, so each chunk's INSERT parameter (base64, a third larger) stays reachable for a
 * hundred queries: 1 MiB chunks held ~140 MB of a large upload, 64 KiB ones hold under 9 MB.
 */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Stores an uploaded file as fixed chunks of `CHUNK_BYTES`, holding one chunk in memory at a time.
 * Returns the byte count; throws RangeError past `maxBytes`.
 */
export async function storeImportFile(db: PrismaClient, importId: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let total = 0;
  let seq = 0;
  const write = async () => {
    await db.userImportChunk.create({ data: { importId, seq: seq++, data: Uint8Array.prototype.slice.call(chunk, 0, filled) } });
    filled = 0;
  };
  for await (const piece of source) {
    total += piece.length;
    if (total > maxBytes) throw new RangeError(`The users file is larger than ${maxBytes} bytes.`);
    for (let at = 0; at < piece.length; ) {
      const copied = piece.copy(chunk, filled, at);
      filled += copied;
      at += copied;
      if (filled === CHUNK_BYTES) await write();
    }
  }
  if (filled > 0) await write();
  return total;
}

/**
 * The stored file from byte `from` on, one chunk at a time. The chunk size is read from the first
 * chunk (every chunk but the last has it), so a file stored with another size before an upgrade,
 * 1 MiB until issue 14's memory work, resumes at the right byte.
 */
export async function* readImportFile(db: PrismaClient, importId: string, from: number): AsyncGenerator<Buffer> {
  const [first] = await db.$queryRaw<{ bytes: number }[]>`SELECT octet_length(data) AS bytes FROM user_import_chunks WHERE import_id = ${importId} AND seq = 0`;
  if (!first) return;
  const chunkBytes = Number(first.bytes);
  let seq = Math.floor(from / chunkBytes);
  let skip = from - seq * chunkBytes;
  for (;;) {
    const chunk = await db.userImportChunk.findUnique({ where: { importId_seq: { importId, seq } }, select: { data: true } });
    if (!chunk) return;
    const data = Buffer.from(chunk.data);
    yield skip ? data.subarray(skip) : data;
    skip = 0;
    seq++;
  }
}
