import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";

export type StreamedUpload<T> = { fields: Map<string, string>; stored: T | null };

/**
 * Where a streamed file goes: it gets the file as it arrives (consume it to the end, or throw) and
 * `fields()`, the form's other fields, complete once the whole body is read: a form may carry them
 * after the file (Auth0's SDK does), so call it only after the file is consumed.
 */
export type FileSink<T> = (file: AsyncIterable<Buffer>, fields: () => Promise<Map<string, string>>) => Promise<T>;

/**
 * Reads a multipart/form-data body whose one file may be hundreds of megabytes, handing the file
 * to `sink` as it arrives: nothing holds it whole, in memory or in a temporary file, and busboy
 * waits for the sink before reading more. The file is cut one byte past `maxFileBytes`, so a sink
 * that counts sees it is too large. A body that cannot be parsed, or that breaks off, is
 * INVALID_INPUT; a sink's own error is passed on, after the sink has settled (so whatever it
 * cleans up is gone before the answer) and the rest of the body is no longer read.
 */
export async function streamMultipart<T>(request: Request, fileField: string, maxFileBytes: number, sink: FileSink<T>): Promise<StreamedUpload<T>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the users file as multipart/form-data.");
  const unreadable = (detail: unknown) => new AppError("INVALID_INPUT", "The multipart body could not be read.", { detail: String(detail) });
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, defCharset: "utf8", limits: { fileSize: maxFileBytes + 1, files: 1, fieldSize: 64 * 1024, fields: 20 } });
  } catch (error) {
    throw unreadable(error);
  }
  const fields = new Map<string, string>();
  const source = request.body ? Readable.fromWeb(request.body as import("node:stream/web").ReadableStream) : null;
  let bodyError: unknown = null;
  let sinking: Promise<T> | null = null;
  const read = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => fields.set(name, value));
    parser.on("file", (name, stream) => {
      if (name !== fileField || sinking) {
        stream.resume();
        return;
      }
      // The sink may not read at once (it first opens its rows): a form that breaks off meanwhile
      // errors the file stream before anything listens, which would be an uncaught exception.
      // The sink still sees the error when it reads; the form's own error settles `read`.
      stream.on("error", () => undefined);
      sinking = sink(stream, () => read.then(() => fields));
      sinking.catch(reject);
    });
    parser.on("error", (error) => {
      bodyError ??= error;
      reject(error as Error);
    });
    parser.on("close", resolve);
  });
  if (source) {
    source.on("error", (error) => {
      bodyError ??= error;
      parser.destroy(error);
    });
    source.pipe(parser);
  } else {
    parser.end();
  }
  try {
    await read;
    return { fields, stored: sinking ? await sinking : null };
  } catch (error) {
    // Read before stopping the parser: destroying it mid-form makes it report the form unfinished.
    const brokenBody = bodyError;
    source?.destroy();
    parser.destroy();
    const sinkError = sinking ? await (sinking as Promise<T>).then(() => null, (e: unknown) => e) : null;
    if (brokenBody !== null) throw unreadable(brokenBody);
    throw sinkError ?? error;
  }
}
