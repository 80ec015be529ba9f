import { ERROR_CODES } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import type { Locale } from "./locales";
import { messagesOf, translator, type Translate } from "./messages";
import { ruleSentence, type RuleLike, type TranslateFn } from "./password-rules";

// English text → message ID, for the messages that reach a form as text (zod's field messages,
// the password rules' sentences): each is written once in messages/en.json and the code that
// throws it keeps its English (the APIs answer in English).
let englishIndex: Map<string, string> | undefined;
function idOfEnglish(text: string): string | undefined {
  if (!englishIndex) {
    englishIndex = new Map();
    const en = messagesOf("en");
    for (const namespace of ["fields", "password"] as const) {
      for (const [key, value] of Object.entries(en[namespace])) if (!englishIndex.has(value)) englishIndex.set(value, `${namespace}.${key}`);
    }
  }
  return englishIndex.get(text);
}

/**
 * An error's public message in a language: by its code when it carries the code's own message
 * (`errors.<CODE>`), by its English text when that is a catalog message, else as it came (an
 * Action's deny reason is the tenant's words, shown as written).
 */
export function localizeErrorMessage(t: Translate, message: string, code?: string): string {
  if (code && Object.hasOwn(ERROR_CODES, code) && ERROR_CODES[code as keyof typeof ERROR_CODES].message === message) return t(`errors.${code}` as never);
  const id = idOfEnglish(message);
  return id ? t(id as never) : message;
}

/** A form's answer in the page's language: its message and each field's message. */
export function localizeFormState(state: FormState, locale: Locale): FormState {
  if (locale === "en" || state.ok) return state;
  const t = translator(locale);
  const rules = (state.data?.rules ?? []) as RuleLike[] & { verified?: boolean }[];
  const failing = state.code === "PASSWORD_POLICY" ? (rules as (RuleLike & { verified?: boolean })[]).find((r) => !r.verified) : undefined;
  const policySentence = failing ? ruleSentence(t as unknown as TranslateFn, failing, locale) : undefined;
  const fields = state.fields
    ? Object.fromEntries(Object.entries(state.fields).map(([k, v]) => [k, k === "password" && policySentence ? policySentence : localizeErrorMessage(t, v, state.code)]))
    : undefined;
  return {
    ...state,
    ...(state.message !== undefined ? { message: policySentence ?? localizeErrorMessage(t, state.message, state.code) } : {}),
    ...(fields ? { fields } : {}),
  };
}
