// English only (messages/en.json): the proxy and the APIs load this, and need no other language.
import { createTranslator } from "use-intl/core";
import { lookup } from "@/lib/i18n/lookup";
import en from "@/messages/en.json";
import { AppError, type ErrorCode, type MessageRef } from "./app-error";

const translateEnglish = createTranslator({ locale: "en", messages: en }) as unknown as (id: string, values?: MessageRef["values"]) => string;

/** The English of a catalog message: what the JSON APIs and the logs say. */
export function englishOf(ref: MessageRef): string {
  return translateEnglish(ref.id, ref.values);
}

/**
 * A zod issue's message as a catalog reference: the public schemas write their messages as IDs
 * ("fields.emailRequired"); anything else (English written in place, zod's own words) has none.
 */
export function refOfIssueMessage(message: string): MessageRef | undefined {
  return /^[a-z]+\.[A-Za-z_]+$/.test(message) && typeof lookup(en, message) === "string" ? { id: message } : undefined;
}

/** A zod issue's message in English: an ID's English, or the text as it is. */
export function englishOfIssueMessage(message: string): string {
  const ref = refOfIssueMessage(message);
  return ref ? englishOf(ref) : message;
}

/**
 * A refusal in the catalog's words: English in `message` (and in `fields[field]`), its ID beside
 * them for the pages.
 */
export function catalogError(code: ErrorCode, ref: MessageRef, options: { field?: string; detail?: string; data?: Record<string, unknown>; status?: number } = {}): AppError {
  const message = englishOf(ref);
  return new AppError(code, message, {
    messageId: ref,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.data ? { data: options.data } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(options.field ? { fields: { [options.field]: message }, fieldIds: { [options.field]: ref } } : {}),
  });
}
