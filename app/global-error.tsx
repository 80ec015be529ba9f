"use client";

import "./globals.css";
import { useEffect, useState } from "react";
import { Alert } from "@/app/components/alert";
import { CardFrame } from "@/app/components/card-frame";
import { browserLocale } from "@/lib/i18n/browser-locale";
import { LAST_RESORT_ENGLISH } from "@/lib/i18n/last-resort-english";
import type { LastResortMessages } from "@/lib/i18n/last-resort-messages";
import { dirOf, type Locale } from "@/lib/i18n/locales";

/**
 * English in the server's HTML, which knows neither the cookie nor the browser's languages; once
 * React runs here, the browser's choice. The other languages' strings load only then, so the pages
 * that never fail do not carry them (every page loads this boundary); if they cannot load, English stays.
 */
function useVisitorMessages(): { locale: Locale; m: LastResortMessages } {
  const [shown, setShown] = useState<{ locale: Locale; m: LastResortMessages }>({ locale: "en", m: LAST_RESORT_ENGLISH });
  useEffect(() => {
    const locale = browserLocale(document.cookie, navigator.languages ?? [navigator.language]);
    if (locale === "en") return;
    let live = true;
    import("@/lib/i18n/last-resort-messages").then(
      ({ LAST_RESORT_MESSAGES }) => {
        if (live) setShown({ locale, m: LAST_RESORT_MESSAGES[locale] });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return shown;
}

/**
 * The last resort, when even the root layout failed: it replaces the whole document, so it brings
 * its own <html> and our styles. It runs in the browser without the server's configuration or
 * messages provider, so the product name is not shown and its few strings come from their own
 * small modules (lib/i18n/last-resort-english.ts, last-resort-messages.ts), in the visitor's language.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  const { locale, m } = useVisitorMessages();
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
