import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { installDatabase, STORED_CHUNK_BYTES, type Database } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { defaultConnectionId } from "@/lib/users";
import { createUserImport } from "./create-import";
import { readImportFile, storeImportFile } from "./file-store";

async function* piecesOf(...pieces: Buffer[]): AsyncGenerator<Buffer> {
  yield* pieces;
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const read: Buffer[] = [];
  for await (const chunk of chunks) read.push(chunk);
  return Buffer.concat(read);
}

describe.each(testDatabaseKinds())("an import's file written on the driver, on %s", (kind) => {
  const t = useTestDatabase(kind);
  const db = () => t.db().prisma;

  /** An import row to hang chunks on, `uploading` as createUserImport leaves it while storing. */
  async function uploadingImport(): Promise<string> {
    const id = `job_${crypto.randomBytes(8).toString("hex")}`;
    await db().userImport.create({ data: { id, connectionId: await defaultConnectionId(), upsert: false, sendCompletionEmail: false, status: "uploading", fileBytes: 0 } });
    return id;
  }

  async function storedSizes(importId: string): Promise<number[]> {
    const rows = await db().userImportChunk.findMany({ where: { importId }, orderBy: { seq: "asc" }, select: { data: true } });
    return rows.map((r) => r.data.length);
  }

  it("stores every byte value as sent (NUL, invalid UTF-8, a backslash before x), and reads it back from any byte", async () => {
    const id = await uploadingImport();
    const file = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("\\x00\\\\"), crypto.randomBytes(STORED_CHUNK_BYTES)]);
    expect(await storeImportFile(t.db(), id, piecesOf(file), Infinity)).toBe(file.length);
    expect(await storedSizes(id)).toEqual([STORED_CHUNK_BYTES, file.length - STORED_CHUNK_BYTES]);
    expect((await readAll(readImportFile(db(), id, 0))).equals(file)).toBe(true);
    expect((await readAll(readImportFile(db(), id, STORED_CHUNK_BYTES + 3))).equals(file.subarray(STORED_CHUNK_BYTES + 3))).toBe(true);
  });

  it("cuts a file of exactly one and two chunks without an empty last row, and stores an empty file as no rows", async () => {
    const one = await uploadingImport();
    expect(await storeImportFile(t.db(), one, piecesOf(crypto.randomBytes(STORED_CHUNK_BYTES)), Infinity)).toBe(STORED_CHUNK_BYTES);
    expect(await storedSizes(one)).toEqual([STORED_CHUNK_BYTES]);

    const two = await uploadingImport();
    // Empty pieces between the others, as a multipart parser may hand over.
    const twoChunks = crypto.randomBytes(2 * STORED_CHUNK_BYTES);
    expect(await storeImportFile(t.db(), two, piecesOf(Buffer.alloc(0), twoChunks.subarray(0, 5), Buffer.alloc(0), twoChunks.subarray(5)), Infinity)).toBe(2 * STORED_CHUNK_BYTES);
    expect(await storedSizes(two)).toEqual([STORED_CHUNK_BYTES, STORED_CHUNK_BYTES]);
    expect((await readAll(readImportFile(db(), two, 0))).equals(twoChunks)).toBe(true);

    const empty = await uploadingImport();
    expect(await storeImportFile(t.db(), empty, piecesOf(Buffer.alloc(0)), Infinity)).toBe(0);
    expect(await storedSizes(empty)).toEqual([]);
    expect(await readAll(readImportFile(db(), empty, 0))).toHaveLength(0);
  });

  it("writes an empty chunk as empty bytes, not NULL, and rejects a write the database refuses", async () => {
    const id = await uploadingImport();
    const insert = "INSERT INTO user_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)";
    await t.db().executeOnDriver(insert, [id, 0, new Uint8Array(0)]);
    expect(await storedSizes(id)).toEqual([0]);
    // The same seq twice, and a chunk of an import that does not exist: the driver's error reaches the caller.
    await expect(t.db().executeOnDriver(insert, [id, 0, new Uint8Array(1)])).rejects.toThrow(/duplicate key/);
    await expect(t.db().executeOnDriver(insert, ["job_missing", 0, new Uint8Array(1)])).rejects.toThrow(/foreign key/);
    expect(await storedSizes(id)).toEqual([0]);
  });

  it("stops at the limit before writing the chunk that passes it", async () => {
    const id = await uploadingImport();
    const file = crypto.randomBytes(3 * STORED_CHUNK_BYTES);
    const pieces = [0, 1, 2].map((i) => file.subarray(i * STORED_CHUNK_BYTES, (i + 1) * STORED_CHUNK_BYTES));
    await expect(storeImportFile(t.db(), id, piecesOf(...pieces), 2 * STORED_CHUNK_BYTES)).rejects.toBeInstanceOf(RangeError);
    expect(await storedSizes(id)).toEqual([STORED_CHUNK_BYTES, STORED_CHUNK_BYTES]);
  });

  describe("an upload that fails midway leaves neither its import nor any chunk", () => {
    async function expectNothingLeft(upload: () => Promise<unknown>, error: RegExp) {
      const before = { imports: await db().userImport.count(), chunks: await db().userImportChunk.count() };
      await expect(upload()).rejects.toThrow(error);
      expect({ imports: await db().userImport.count(), chunks: await db().userImportChunk.count() }).toEqual(before);
    }

    it("when the client's stream breaks after several chunks", async () => {
      const connectionId = await defaultConnectionId();
      const breaking = async function* () {
        yield crypto.randomBytes(3 * STORED_CHUNK_BYTES + 10);
        throw new Error("client went away");
      };
      await expectNothingLeft(() => createUserImport({ connectionId, upsert: false, sendCompletionEmail: false, file: breaking() }), /client went away/);
    });

    it("when the database refuses a chunk after several were written", async () => {
      const connectionId = await defaultConnectionId();
      const real = t.db();
      let writes = 0;
      const failing: Database = {
        ...real,
        executeOnDriver: (sql, params) => (++writes === 3 ? Promise.reject(new Error("connection terminated")) : real.executeOnDriver(sql, params)),
      };
      installDatabase(failing);
      try {
        await expectNothingLeft(() => createUserImport({ connectionId, upsert: false, sendCompletionEmail: false, file: piecesOf(crypto.randomBytes(5 * STORED_CHUNK_BYTES)) }), /connection terminated/);
        expect(writes).toBe(3);
      } finally {
        installDatabase(real);
      }
    });
  });
});
