import { ERROR_CODES, type MessageRef } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import type { Locale } from "./locales";
import { translator, type Translate } from "./messages";
import { ruleSentence, type RuleLike, type TranslateFn } from "./password-rules";

/** What a page needs of an error to say it: its English, its code, and the catalog ID it carries. */
export type LocalizableError = { message: string; code?: string; messageId?: MessageRef };

function say(t: Translate, ref: MessageRef): string {
  return (t as unknown as TranslateFn)(ref.id, ref.values);
}

/**
 * An error's public message in a language: by the ID it carries (made where the error was made),
 * else by its code when it says the code's own message (`errors.<CODE>`), else as it came (an
 * Action's deny reason is the tenant's words, shown as written).
 */
export function localizeError(t: Translate, error: LocalizableError): string {
  if (error.messageId) return say(t, error.messageId);
  const code = error.code;
  if (code && Object.hasOwn(ERROR_CODES, code) && ERROR_CODES[code as keyof typeof ERROR_CODES].message === error.message) return t(`errors.${code}` as never);
  return error.message;
}

/** A form's answer in the page's language: its message and each field's message, by the IDs they carry. */
export function localizeFormState(state: FormState, locale: Locale): FormState {
  if (locale === "en" || state.ok) return state;
  const t = translator(locale);
  const rules = (state.data?.rules ?? []) as RuleLike[] & { verified?: boolean }[];
  const failing = state.code === "PASSWORD_POLICY" ? (rules as (RuleLike & { verified?: boolean })[]).find((r) => !r.verified) : undefined;
  const policySentence = failing ? ruleSentence(t as unknown as TranslateFn, failing, locale) : undefined;
  const field = (key: string, message: string) => {
    if (key === "password" && policySentence) return policySentence;
    return localizeError(t, { message, code: state.code, messageId: state.fieldIds?.[key] });
  };
  const fields = state.fields ? Object.fromEntries(Object.entries(state.fields).map(([k, v]) => [k, field(k, v)])) : undefined;
  return {
    ...state,
    ...(state.message !== undefined ? { message: policySentence ?? localizeError(t, { message: state.message, code: state.code, messageId: state.messageId }) } : {}),
    ...(fields ? { fields } : {}),
  };
}
