import { createTranslator } from "use-intl/core";
import ar from "@/messages/ar.json";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import fr from "@/messages/fr.json";
import he from "@/messages/he.json";
import it from "@/messages/it.json";
import ja from "@/messages/ja.json";
import nl from "@/messages/nl.json";
import pl from "@/messages/pl.json";
import ptBR from "@/messages/pt-BR.json";
import zhCN from "@/messages/zh-CN.json";
import type { Locale } from "./locales";
import { lookup } from "./lookup";

export { lookup };

/** A catalog: namespaces of message IDs → ICU messages. English (messages/en.json) is the source. */
export type Messages = typeof en;

// Imported, not read from disk: the pages' bundle, the custom server and the worker each carry them.
const CATALOGS: Record<Locale, Messages> = { en, de, fr, es, "pt-BR": ptBR, it, nl, pl, ja, "zh-CN": zhCN, ar, he };

export function messagesOf(locale: Locale): Messages {
  return CATALOGS[locale];
}

/**
 * A translator outside React (emails, SMS, route handlers, form errors): `t("reset.title")`. A
 * message missing from a language falls back to its English (the drift test keeps that from
 * happening); never to the ID.
 */
export function translator(locale: Locale) {
  return createTranslator({
    locale,
    messages: CATALOGS[locale],
    onError: () => undefined,
    getMessageFallback: ({ key, namespace }) => {
      const id = namespace ? `${namespace}.${key}` : key;
      return String(lookup(en, id) ?? id);
    },
  });
}

export type Translate = ReturnType<typeof translator>;
