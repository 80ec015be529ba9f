/**
 * @default 65_536. Size of the rows a stored file is cut into (an import's upload, an export's
 * gzip), the last one shorter. Small on purpose: Prisma's debug module keeps the arguments of its
 * last 100 queries in memory even when debugging is off, so each chunk's INSERT parameter (base64,
 * a third larger) stays reachable for a hundred queries: 1 MiB chunks held ~140 MB of a large
 * file, 64 KiB ones hold under 9 MB whatever the file's size. The chunks are written on the
 * driver (`Database.executeOnDriver`), not by Prisma's client, whose memory still grew with the
 * number of chunks written through it (issue 14).
 */
export const STORED_CHUNK_BYTES = 64 * 1024;

/**
 * Cuts a stream of bytes into rows of `STORED_CHUNK_BYTES`, holding one chunk in memory: each
 * piece is copied into it (so the piece can be released at once) and `write` stores each full
 * chunk with its sequence number before more is taken. Returns the byte count; `maxBytes` stops
 * the stream with a RangeError as soon as it is passed.
 */
export async function storeInChunks(source: AsyncIterable<Uint8Array>, write: (seq: number, data: Uint8Array<ArrayBuffer>) => Promise<unknown>, maxBytes = Infinity): Promise<number> {
  const chunk = Buffer.allocUnsafe(STORED_CHUNK_BYTES);
  let filled = 0;
  let total = 0;
  let seq = 0;
  const flush = async () => {
    await write(seq++, new Uint8Array(chunk.subarray(0, filled)));
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
