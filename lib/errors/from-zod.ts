import type { ZodError } from "zod";
import type { MessageRef } from "./app-error";
import { englishOfIssueMessage, refOfIssueMessage } from "./catalog-message";

/** The first message per field in English, keyed by the field's dotted path ("" for the whole input). */
export function fieldErrorsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    fields[key] ??= englishOfIssueMessage(issue.message);
  }
  return fields;
}

/** The catalog ID of each field's first message, for the fields whose message has one. */
export function fieldIdsFromZod(error: ZodError): Record<string, MessageRef> {
  const ids: Record<string, MessageRef> = {};
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    if (seen.has(key)) continue;
    seen.add(key);
    const ref = refOfIssueMessage(issue.message);
    if (ref) ids[key] = ref;
  }
  return ids;
}
