"use client";

import "./globals.css";
import { useSyncExternalStore } from "react";
import { Alert } from "@/app/components/alert";
import { CardFrame } from "@/app/components/card-frame";
import { browserLocale } from "@/lib/i18n/browser-locale";
import { LAST_RESORT_MESSAGES } from "@/lib/i18n/last-resort-messages";
import { dirOf, type Locale } from "@/lib/i18n/locales";

const subscribe = () => () => undefined;

/** The browser's choice of language once React runs here; English in the server's HTML, which knows neither. */
function useVisitorLocale(): Locale {
  return useSyncExternalStore(
    subscribe,
    () => browserLocale(document.cookie, navigator.languages ?? [navigator.language]),
    () => "en",
  );
}

/**
 * The last resort, when even the root layout failed: it replaces the whole document, so it brings
 * its own <html> and our styles. It runs in the browser without the server's configuration or
 * messages provider, so the product name is not shown and its few strings come from their own
 * small module (lib/i18n/last-resort-messages.ts), in the visitor's language.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  const locale = useVisitorLocale();
  const m = LAST_RESORT_MESSAGES[locale];
  return (
    <html lang={locale} dir={dirOf(locale)}>
      <head>
        <title>{m.title}</title>
      </head>
      <body>
        <CardFrame productName="" title={m.title}>
          <Alert kind="error">{m.body}</Alert>
          {error.digest ? <p className="muted text-sm">{m.reference.replace("{digest}", error.digest)}</p> : null}
          <p>
            <a href="/login">{m.signIn}</a> · <a href="">{m.reload}</a>
          </p>
        </CardFrame>
      </body>
    </html>
  );
}
