"use client";

import Link from "next/link";
import { Alert, Button, CardPage } from "@/app/components";
import { useProductName } from "@/app/components/product-name";
import { ERROR_CODES } from "@/lib/errors";

/**
 * What a page shows when it fails on the server: our card and the generic message. The error's
 * own text is never shown (a production build replaces it anyway); its digest is, so a person can
 * quote it and the operator can find the logged detail.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <CardPage productName={useProductName()} title="Something went wrong">
      <Alert kind="error">{ERROR_CODES.INTERNAL.message}</Alert>
      {error.digest ? <p className="muted text-sm">Reference: {error.digest}</p> : null}
      <div className="form-actions">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/login">Sign in</Link>
      </div>
    </CardPage>
  );
}
