import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonDepth, MAX_JSON_DEPTH } from "@/lib/validation";

/** @default 64 KiB: nothing Rekey accepts is larger; a bigger body is refused before parsing. */
const DEFAULT_MAX_BYTES = 64 * 1024;

/**
 * @default 64: twice the bound of any value inside a body (metadata), so that the field's own
 * check still gives the precise message, while a value deep enough to overflow a recursive walk
 * (zod, JSON.stringify, Prisma: 20,000 levels fit in 64 KiB) never reaches any of them.
 */
const MAX_BODY_DEPTH = 2 * MAX_JSON_DEPTH;

/**
 * Reads a JSON or form body with a size cap, then validates it. Every route handler goes through
 * here so that malformed, oversized or wrongly typed input always gets the same 4xx.
 */
export async function readBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = DEFAULT_MAX_BYTES): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE");
  const raw = await readCapped(request, maxBytes);
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  let data: unknown;
  if (type === "application/json" || (type === "" && raw.trimStart().startsWith("{"))) {
    try {
      data = JSON.parse(raw);
    } catch {
      throw new AppError("INVALID_JSON");
    }
    if (jsonDepth(data, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new AppError("INVALID_JSON", `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`);
  } else if (type === "application/x-www-form-urlencoded" || type === "") {
    data = Object.fromEntries(new URLSearchParams(raw));
  } else {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE");
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}
