import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";

/** Next.js's own limit on a server action's body (serverActions.bodySizeLimit, 1 MB). */
export const MAX_MULTIPART_BYTES = 1024 * 1024;

/**
 * Reads a multipart/form-data body with busboy, the parser Next.js runs on server actions, so a
 * body it would refuse (a control character in a part header: "Malformed part header", a 500 from
 * the framework) is refused here first, with a 4xx. Files are read and dropped: no Rekey form
 * takes one. Rejects when busboy does, and with PAYLOAD_TOO_LARGE past MAX_MULTIPART_BYTES (so a
 * huge body is never buffered).
 */
export async function readMultipartFields(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  const fields = new FormData();
  const body = request.body;
  await new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": contentType }, defCharset: "utf8", defParamCharset: "utf8", limits: { fieldSize: 1024 * 1024 } });
    } catch (error) {
      reject(error as Error);
      return;
    }
    parser.on("field", (name, value) => fields.append(name, value));
    parser.on("file", (_name, stream) => stream.resume());
    parser.on("error", reject);
    parser.on("close", resolve);
    if (!body) {
      parser.end();
      return;
    }
    let bytes = 0;
    const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream);
    source.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_MULTIPART_BYTES) {
        source.destroy();
        reject(new AppError("PAYLOAD_TOO_LARGE"));
      }
    });
    source.on("error", reject).pipe(parser);
  });
  return fields;
}
