import { storeInChunks, storedChunkWriter, type Database, type PrismaClient } from "@/lib/db";

/**
 * Stores an uploaded file as rows of `STORED_CHUNK_BYTES`, holding one chunk in memory at a time,
 * each written on the driver (see stored-chunks.ts). Returns the byte count; throws RangeError
 * past `maxBytes`.
 */
export function storeImportFile(db: Pick<Database, "executeOnDriver">, importId: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<number> {
  return storeInChunks(source, storedChunkWriter(db.executeOnDriver, "import", importId), maxBytes);
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
