import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { STORED_CHUNK_BYTES, storeInChunks } from "./stored-chunks";

async function* pieces(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.subarray(at, at + size);
    at += size;
  }
}

describe("storeInChunks", () => {
  it("cuts pieces of any size into full chunks in order, the last one shorter, each one stored before the next piece is read", async () => {
    const data = crypto.randomBytes(3 * STORED_CHUNK_BYTES + 1234);
    const stored: Array<{ seq: number; data: Uint8Array }> = [];
    let read = 0;
    const readWhenStored: number[] = [];
    const source = (async function* () {
      for await (const piece of pieces(data, [1, 70_000, 4096, 200_000])) {
        read += piece.length;
        yield piece;
      }
    })();
    const bytes = await storeInChunks(source, async (seq, chunk) => {
      // The view is the one chunk buffer, refilled once this write settles: keep a copy.
      stored.push({ seq, data: Buffer.from(chunk) });
      readWhenStored.push(read);
    });
    expect(bytes).toBe(data.length);
    expect(stored.map((c) => [c.seq, c.data.length])).toEqual([
      [0, STORED_CHUNK_BYTES],
      [1, STORED_CHUNK_BYTES],
      [2, STORED_CHUNK_BYTES],
      [3, 1234],
    ]);
    expect(Buffer.concat(stored.map((c) => c.data)).equals(data)).toBe(true);
    // Never more than one piece read ahead of the chunk being stored: the source is not drained into memory.
    readWhenStored.forEach((r, i) => expect(r - (i + 1) * STORED_CHUNK_BYTES).toBeLessThan(200_000));
  });

  it("stops with a RangeError as soon as the stream passes the limit", async () => {
    const data = crypto.randomBytes(10_000);
    let writes = 0;
    await expect(storeInChunks(pieces(data, [1000]), async () => void writes++, 5_500)).rejects.toBeInstanceOf(RangeError);
    expect(writes).toBe(0);
    expect(await storeInChunks(pieces(data, [1000]), async () => void writes++, 10_000)).toBe(10_000);
  });
});
