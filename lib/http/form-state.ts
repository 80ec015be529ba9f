import type { z } from "zod";
import { toAppError, type MessageRef } from "@/lib/errors";

/** What a server action returns to its form: field errors sit next to their fields. */
export type FormState = {
  ok: boolean;
  code?: string;
  message?: string;
  fields?: Record<string, string>;
  /** Extra public data for the form (e.g. password rules). */
  data?: Record<string, unknown>;
  /** The catalog IDs of `message` and of field messages, where the error carried them (lib/i18n/localize renders them). */
  messageId?: MessageRef;
  fieldIds?: Record<string, MessageRef>;
  /**
   * What was typed in the fields the form keeps after a refusal (its inputs' default values), so a
   * form posted without JavaScript comes back filled in. Never a password or a one-time code.
   */
  values?: Record<string, string>;
};

export const INITIAL_FORM_STATE: FormState = { ok: false };

/**
 * Keeps only the string fields a schema knows, so a hostile form cannot smuggle in others. A server
 * action is a public endpoint whose arguments the caller chooses: anything but a FormData (a forged
 * request can pass a string, a number or nothing) reads as an empty form.
 */
export function formDataToObject(formData: unknown, keys: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of keys) {
    const value = formData instanceof FormData ? formData.get(key) : undefined;
    out[key] = typeof value === "string" ? value : undefined;
  }
  return out;
}

/**
 * Validates a form with its schema, runs `fn`, and turns any error into a FormState. Unexpected
 * errors become the generic INTERNAL message; their detail is logged by toAppError. On a refusal,
 * the fields named in `keep` come back as typed (FormState.values).
 */
export async function handleForm<S extends z.ZodObject>(
  schema: S,
  formData: unknown,
  fn: (input: z.infer<S>) => Promise<FormState | void>,
  options: { keep?: readonly (keyof z.infer<S> & string)[] } = {},
): Promise<FormState> {
  try {
    const parsed = schema.safeParse(formDataToObject(formData, Object.keys(schema.shape)));
    if (!parsed.success) throw parsed.error;
    return (await fn(parsed.data)) ?? { ok: true };
  } catch (error) {
    // next/navigation's redirect() works by throwing; let it through.
    if (isNextControlFlow(error)) throw error;
    const appError = toAppError(error);
    const state: FormState = {
      ok: false,
      code: appError.code,
      message: appError.message,
      fields: appError.fields,
      data: appError.data,
      ...(appError.messageId ? { messageId: appError.messageId } : {}),
      ...(appError.fieldIds && Object.keys(appError.fieldIds).length ? { fieldIds: appError.fieldIds } : {}),
    };
    return options.keep?.length ? { ...state, values: typedValues(formData, options.keep) } : state;
  }
}

function typedValues(formData: unknown, keys: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(formDataToObject(formData, keys))) if (value) values[key] = value.slice(0, 1024);
  return values;
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_NOT_FOUND") || digest.startsWith("NEXT_HTTP_ERROR"));
}
