import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { randomHex } from "@/lib/security";

export type SpooledUpload = { fields: Map<string, string>; file: { path: string; bytes: number } | null; discard(): Promise<void> };

/**
 * Reads a multipart body whose one file may be hundreds of megabytes: the file goes to a temporary
 * file as it arrives (memory stays flat, and the form's other fields may come after it), the small
 * fields into a map. The caller must `discard()` the upload.
 */
export async function spoolMultipart(request: Request, fileField: string, maxFileBytes: number): Promise<SpooledUpload> {
  const fields = new Map<string, string>();
  const spoolPath = path.join(os.tmpdir(), `rekey-upload-${randomHex(8)}`);
  let file: SpooledUpload["file"] = null;
  const discard = () => fs.promises.rm(spoolPath, { force: true });
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the users file as multipart/form-data.");
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: { "content-type": contentType }, defCharset: "utf8", limits: { fileSize: maxFileBytes, files: 1, fieldSize: 64 * 1024, fields: 20 } });
      const writes: Promise<void>[] = [];
      parser.on("field", (name, value) => fields.set(name, value));
      parser.on("file", (name, stream) => {
        if (name !== fileField) {
          stream.resume();
          return;
        }
        let bytes = 0;
        let truncated = false;
        stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
        stream.on("limit", () => (truncated = true));
        writes.push(
          pipeline(stream, fs.createWriteStream(spoolPath)).then(() => {
            if (truncated) throw new AppError("PAYLOAD_TOO_LARGE", `The users file is larger than ${maxFileBytes} bytes.`);
            file = { path: spoolPath, bytes };
          }),
        );
      });
      parser.on("error", reject);
      parser.on("close", () => Promise.all(writes).then(() => resolve(), reject));
      if (!request.body) return parser.end();
      Readable.fromWeb(request.body as import("node:stream/web").ReadableStream).on("error", reject).pipe(parser);
    });
  } catch (error) {
    await discard();
    if (error instanceof AppError) throw error;
    throw new AppError("INVALID_INPUT", "The multipart body could not be read.", { detail: String(error) });
  }
  return { fields, file, discard };
}
