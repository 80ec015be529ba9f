import { ZodError } from "zod";
import { AppError, type MessageRef } from "./app-error";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnreachable } from "./database-unreachable";
import { fieldErrorsFromZod, fieldIdsFromZod } from "./from-zod";

export type ErrorEnvelope = {
  error: { code: string; message: string; fields?: Record<string, string>; messageId?: MessageRef; fieldIds?: Record<string, MessageRef> } & Record<string, unknown>;
};

/**
 * Turns any thrown value into a public error. Anything that is not an AppError becomes a 500 whose
 * detail goes to the server log only: stack traces and internal messages never reach a client.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError("INVALID_INPUT", undefined, { fields: fieldErrorsFromZod(error), fieldIds: fieldIdsFromZod(error) });
  }
  if (isDatabaseUnreachable(error)) {
    // One line per request, not a stack: during an outage every request lands here.
    const firstLine = (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1);
    console.error(`[rekey] database unreachable: ${firstLine}`);
    return new AppError("UNAVAILABLE", undefined, { data: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  console.error(`[rekey] unexpected error: ${detail}`);
  return new AppError("INTERNAL", undefined, { detail });
}

export function toErrorEnvelope(error: AppError): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      // Beside the English: the catalog IDs our own pages say these in (additive, for our scripts).
      ...(error.messageId ? { messageId: error.messageId } : {}),
      ...(error.fieldIds && Object.keys(error.fieldIds).length ? { fieldIds: error.fieldIds } : {}),
      ...(error.data ?? {}),
    },
  };
}

/** The JSON response for an error, with the envelope `{ error: { code, message } }`. */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const appError = toAppError(error);
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  const retryAfter = retryAfterSecondsOf(appError);
  if (retryAfter !== undefined) h.set("retry-after", String(retryAfter));
  return new Response(JSON.stringify(toErrorEnvelope(appError)), { status: appError.status, headers: h });
}

/** Seconds a client should wait before sending the request again, for the errors that say so. */
export function retryAfterSecondsOf(error: AppError): number | undefined {
  if (error.code !== "RATE_LIMITED" && error.code !== "UNAVAILABLE") return undefined;
  const seconds = error.data?.retryAfterSeconds;
  return typeof seconds === "number" ? seconds : undefined;
}
