/**
 * @default 65_536. Size of the rows a stored file is cut into (an import's upload, an export's
 * gzip), the last one shorter. Small since Prisma's debug module kept the arguments of its last
 * 100 queries (1 MiB chunks held ~140 MB of a large file); the chunks are now written on the
 * driver (`Database.executeOnDriver`), whose memory does not grow with their number, as Prisma's
 * client's did (issue 14). Files stored before keep their own size (readImportFile reads it).
 */
export const STORED_CHUNK_BYTES = 64 * 1024;

/**
 * Cuts a stream of bytes into rows of `STORED_CHUNK_BYTES`, holding one chunk in memory: each
 * piece is copied into it (so the piece can be released at once) and `write` stores each full
 * chunk with its sequence number before more is taken. `write` gets a view of that one buffer,
 * valid until its promise settles: no allocation per chunk, whose churn of 64 KiB blocks grew the
 * process's memory with the file's size. Returns the byte count; `maxBytes` stops the stream with
 * a RangeError as soon as it is passed.
 */
export async function storeInChunks(source: AsyncIterable<Uint8Array>, write: (seq: number, data: Uint8Array<ArrayBuffer>) => Promise<unknown>, maxBytes = Infinity): Promise<number> {
  const chunk = Buffer.allocUnsafe(STORED_CHUNK_BYTES);
  let filled = 0;
  let total = 0;
  let seq = 0;
  const flush = async () => {
    await write(seq++, chunk.subarray(0, filled));
    filled = 0;
  };
  for await (const piece of source) {
    total += piece.length;
    if (total > maxBytes) throw new RangeError(`The file is larger than ${maxBytes} bytes.`);
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const copied = bytes.copy(chunk, filled, at);
      filled += copied;
      at += copied;
      if (filled === STORED_CHUNK_BYTES) await flush();
    }
  }
  if (filled > 0) await flush();
  return total;
}

const CHUNK_TABLES = {
  import: "INSERT INTO user_import_chunks (import_id, seq, data) VALUES ($1, $2, decode($3, 'base64'))",
  export: "INSERT INTO user_export_chunks (export_id, seq, data) VALUES ($1, $2, decode($3, 'base64'))",
} as const;

/**
 * The `write` of `storeInChunks` for one stored file: each chunk goes in one statement on the
 * driver, as base64 the database decodes. PGlite serializes a Uint8Array parameter byte by byte (an
 * array of 65,536 strings per 64 KiB chunk, then a hex string): a garbage rate that grew the
 * process's heap with the file's size (a 500 MB upload peaked at 335 MB of heap). Base64 is one
 * native call, on either driver.
 */
export function storedChunkWriter(execute: (sql: string, params: unknown[]) => Promise<unknown>, file: keyof typeof CHUNK_TABLES, id: string): (seq: number, data: Uint8Array) => Promise<unknown> {
  const sql = CHUNK_TABLES[file];
  return (seq, data) => execute(sql, [id, seq, Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64")]);
}
