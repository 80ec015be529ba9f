"use client";

import "./globals.css";
import Link from "next/link";
import { Alert, CardPage } from "@/app/components";
import { ERROR_CODES } from "@/lib/errors";

/**
 * The last resort, when even the root layout failed: it replaces the whole document, so it brings
 * its own <html> and our styles. It runs in the browser without the server's configuration, so the
 * product name is not shown.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <CardPage productName="" title="Something went wrong" languageSwitcher={false}>
          <Alert kind="error">{ERROR_CODES.INTERNAL.message}</Alert>
          {error.digest ? <p className="muted text-sm">Reference: {error.digest}</p> : null}
          <p>
            <Link href="/login">Sign in</Link> · <a href="">Reload this page</a>
          </p>
        </CardPage>
      </body>
    </html>
  );
}
