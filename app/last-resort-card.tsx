"use client";

import { useEffect, useSyncExternalStore } from "react";
import { Alert } from "@/app/components/alert";
import { CardFrame } from "@/app/components/card-frame";
import { browserLocale } from "@/lib/i18n/browser-locale";
import { LAST_RESORT_MESSAGES } from "@/lib/i18n/last-resort-messages";
import { dirOf, type Locale } from "@/lib/i18n/locales";

const subscribe = () => () => undefined;

/** The browser's choice of language; English where there is no browser to ask. */
function useVisitorLocale(): Locale {
  return useSyncExternalStore(
    subscribe,
    () => browserLocale(document.cookie, navigator.languages ?? [navigator.language]),
    () => "en",
  );
}

/**
 * The last resort's card (app/global-error.tsx loads it when the root layout failed). It runs
 * without the server's configuration or messages provider, so the product name is not shown and
 * its few strings come from their own small module (lib/i18n/last-resort-messages.ts), in the
 * visitor's language; the document's language and title follow it.
 */
export default function LastResortCard({ digest }: { digest?: string }) {
  const locale = useVisitorLocale();
  const m = LAST_RESORT_MESSAGES[locale];
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = dirOf(locale);
  }, [locale]);
  return (
    <>
      <title>{m.title}</title>
      <CardFrame productName="" title={m.title}>
        <Alert kind="error">{m.body}</Alert>
        {digest ? <p className="muted text-sm">{m.reference.replace("{digest}", digest)}</p> : null}
        <p>
          <a href="/login">{m.signIn}</a> · <a href="">{m.reload}</a>
        </p>
      </CardFrame>
    </>
  );
}
