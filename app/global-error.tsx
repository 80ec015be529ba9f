"use client";

import "./globals.css";
import { lazy, Suspense } from "react";

// Every page loads this boundary, and it shows only when the root layout itself failed: its card
// (and the strings of every language) load then, not with every page.
const LastResortCard = lazy(() => import("./last-resort-card"));

/**
 * The last resort, when even the root layout failed: it replaces the whole document, so it brings
 * its own <html> and our styles; the card sets the document's language once it knows it.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <Suspense fallback={null}>
          <LastResortCard digest={error.digest} />
        </Suspense>
      </body>
    </html>
  );
}
