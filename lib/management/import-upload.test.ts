// POST /api/v2/jobs/users-imports stores the users file as it arrives (issue 14: memory flat
// whatever the file size), before the form's other fields: Auth0's SDK sends the file first.
import crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma, STORED_CHUNK_BYTES } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { defaultConnectionId } from "@/lib/users";
import { importUsersFromApi } from "./jobs";

const BOUNDARY = "rekeyUploadTestBoundary";
const encoder = new TextEncoder();

type Part = { name: string; value: string | Uint8Array; filename?: string };

function partHead({ name, filename }: Part): string {
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/json` : ""}\r\n\r\n`;
}

function multipart(parts: Part[]): Uint8Array<ArrayBuffer> {
  const pieces = parts.flatMap((part) => [encoder.encode(partHead(part)), typeof part.value === "string" ? encoder.encode(part.value) : part.value, encoder.encode("\r\n")]);
  return Buffer.concat([...pieces, encoder.encode(`--${BOUNDARY}--\r\n`)]);
}

function uploadRequest(body: BodyInit): Request {
  return new Request("http://localhost/api/v2/jobs/users-imports", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: "half",
  } as RequestInit);
}

/** A users file of `count` users, padded past several stored chunks. */
function usersFile(count: number, prefix: string): string {
  const users = Array.from({ length: count }, (_, i) => ({ email: `${prefix}-${i}@example.com`, user_metadata: { pad: "x".repeat(STORED_CHUNK_BYTES / 2) } }));
  return JSON.stringify(users);
}

describe.each(testDatabaseKinds())("the users file streamed into an import, on %s", (kind) => {
  useTestDatabase(kind);

  /** What is stored: a refused upload must leave it as it was. */
  async function stored() {
    const db = await prisma();
    return { imports: await db.userImport.count(), chunks: await db.userImportChunk.count() };
  }

  const refusal = (request: Request) => importUsersFromApi(request).then(() => expect.fail("the upload was accepted"), (error: unknown) => error as { code: string; status: number; message: string; data?: Record<string, unknown> });

  it("takes the form's fields after the file, as Auth0's SDK sends them", async () => {
    const connectionId = await defaultConnectionId();
    const file = usersFile(5, "after");
    const job = await importUsersFromApi(
      uploadRequest(
        multipart([
          { name: "users", value: file, filename: "users.json" },
          { name: "connection_id", value: connectionId },
          { name: "upsert", value: "true" },
          { name: "external_id", value: "after-the-file" },
          { name: "send_completion_email", value: "false" },
        ]),
      ),
    );
    expect(job).toMatchObject({ type: "users_import", status: "pending", connection_id: connectionId, external_id: "after-the-file", upsert: true, send_completion_email: false });
    const db = await prisma();
    const row = await db.userImport.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "pending", connectionId, fileBytes: Buffer.byteLength(file) });
    const chunks = await db.userImportChunk.findMany({ where: { importId: job.id }, orderBy: { seq: "asc" } });
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data))).toString()).toBe(file);
  });

  it("stores the file while it is still arriving, and the import is not a job until the form ends", async () => {
    const db = await prisma();
    const file = encoder.encode(usersFile(8, "streamed"));
    const head = Buffer.concat([encoder.encode(partHead({ name: "users", value: "", filename: "users.json" })), file.subarray(0, 3 * STORED_CHUNK_BYTES)]);
    const tail = Buffer.concat([file.subarray(3 * STORED_CHUNK_BYTES), encoder.encode("\r\n"), multipart([{ name: "connection_id", value: await defaultConnectionId() }])]);
    // The rest of the body is held back until the first chunks are in the database.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      async pull(controller) {
        await released;
        controller.enqueue(tail);
        controller.close();
      },
    });
    const answer = importUsersFromApi(uploadRequest(body));
    const before = await stored();
    await vi.waitFor(async () => expect((await stored()).chunks).toBeGreaterThanOrEqual(before.chunks + 2), { timeout: 10_000, interval: 20 });
    const uploading = await db.userImport.findFirstOrThrow({ where: { status: "uploading" } });
    expect(uploading).toMatchObject({ status: "uploading", connectionId: null });
    const { userImportJobView } = await import("@/lib/import");
    expect(await userImportJobView(uploading.id)).toBeNull();
    release();
    const job = await answer;
    expect(job).toMatchObject({ id: uploading.id, status: "pending" });
    expect(await db.userImport.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ fileBytes: file.length });
  });

  it("leaves nothing when a field after the file is refused: an unknown connection, a bad flag, no connection", async () => {
    const before = await stored();
    const file = usersFile(3, "refused");
    const unknown = await refusal(uploadRequest(multipart([{ name: "users", value: file, filename: "u.json" }, { name: "connection_id", value: "con_0000000000000000" }])));
    expect(unknown).toMatchObject({ code: "INVALID_INPUT", status: 400, message: "The connection does not exist.", data: { errorCode: "inexistent_connection" } });
    const badFlag = await refusal(
      uploadRequest(
        multipart([
          { name: "users", value: file, filename: "u.json" },
          { name: "connection_id", value: await defaultConnectionId() },
          { name: "upsert", value: "yes" },
        ]),
      ),
    );
    expect(badFlag).toMatchObject({ status: 400, message: "Payload validation error: upsert must be true or false", data: { errorCode: "invalid_body" } });
    const noConnection = await refusal(uploadRequest(multipart([{ name: "users", value: file, filename: "u.json" }])));
    expect(noConnection).toMatchObject({ status: 400, data: { errorCode: "invalid_body" } });
    expect(await stored()).toEqual(before);
  });

  it("accepts a file of exactly the limit and refuses one byte more, storing nothing of it", async () => {
    const connectionId = await defaultConnectionId();
    const limit = 3 * STORED_CHUNK_BYTES + 17;
    const before = await stored();
    overrideConfig({ USER_IMPORT_MAX_BYTES: String(limit) });
    try {
      const fits = "[" + " ".repeat(limit - 2) + "]";
      const file = (text: string) => multipart([{ name: "users", value: text, filename: "u.json" }, { name: "connection_id", value: connectionId }]);
      const tooLarge = await refusal(uploadRequest(file(fits + " ")));
      expect(tooLarge).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
      expect(await stored()).toEqual(before);
      const job = await importUsersFromApi(uploadRequest(file(fits)));
      expect((await (await prisma()).userImport.findUniqueOrThrow({ where: { id: job.id } })).fileBytes).toBe(limit);
    } finally {
      overrideConfig({});
    }
  });

  it("leaves nothing when the client goes away in the middle of the file, or the form never ends", async () => {
    const connectionId = await defaultConnectionId();
    const head = Buffer.concat([multipart([{ name: "connection_id", value: connectionId }]).subarray(0, -`--${BOUNDARY}--\r\n`.length), encoder.encode(partHead({ name: "users", value: "", filename: "u.json" }))]);
    const firstChunks = crypto.randomBytes(2 * STORED_CHUNK_BYTES + 5);
    const before = await stored();
    let sent = false;
    const breaking = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("client went away"));
        controller.enqueue(Buffer.concat([head, firstChunks]));
        sent = true;
      },
    });
    expect(await refusal(uploadRequest(breaking))).toMatchObject({ code: "INVALID_INPUT", status: 400, message: "The multipart body could not be read." });
    expect(await stored()).toEqual(before);

    // The body ends inside the file: no closing boundary.
    expect(await refusal(uploadRequest(Buffer.concat([head, firstChunks])))).toMatchObject({ code: "INVALID_INPUT", status: 400 });
    expect(await stored()).toEqual(before);
  });

  it("reads only the first file, and refuses what is not multipart", async () => {
    const connectionId = await defaultConnectionId();
    const job = await importUsersFromApi(
      uploadRequest(
        multipart([
          { name: "users", value: usersFile(1, "first"), filename: "a.json" },
          { name: "users", value: "not json at all", filename: "b.json" },
          { name: "connection_id", value: connectionId },
        ]),
      ),
    );
    const chunks = await (await prisma()).userImportChunk.findMany({ where: { importId: job.id }, orderBy: { seq: "asc" } });
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data))).toString()).toBe(usersFile(1, "first"));

    const notMultipart = new Request("http://localhost/api/v2/jobs/users-imports", { method: "POST", headers: { "content-type": "application/json" }, body: "[]" });
    expect(await refusal(notMultipart)).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
  });

  it("deletes an upload abandoned a day ago (its process ended mid-file) at the next upload, and keeps one still arriving", async () => {
    const db = await prisma();
    const { ABANDONED_UPLOAD_MS } = await import("@/lib/import/create-import");
    const abandoned = (ageMs: number) => ({ id: `job_${crypto.randomBytes(8).toString("hex")}`, status: "uploading", fileBytes: 0, createdAt: new Date(Date.now() - ageMs) });
    const old = abandoned(ABANDONED_UPLOAD_MS + 60_000);
    const recent = abandoned(ABANDONED_UPLOAD_MS - 60 * 60_000);
    for (const row of [old, recent]) {
      await db.userImport.create({ data: row });
      await db.userImportChunk.create({ data: { importId: row.id, seq: 0, data: Buffer.from("[") } });
    }
    await importUsersFromApi(uploadRequest(multipart([{ name: "users", value: "[]", filename: "u.json" }, { name: "connection_id", value: await defaultConnectionId() }])));
    expect(await db.userImport.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.userImportChunk.count({ where: { importId: old.id } })).toBe(0);
    expect(await db.userImport.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ status: "uploading" });
  });
});
