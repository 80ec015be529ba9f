"use client";

import { lazy, Suspense } from "react";

// Every page loads its error boundary, and Next.js renders it only in the browser (a page that
// fails on the server arrives as its empty error shell): the card's code loads when a page fails.
const ErrorCard = lazy(() => import("./error-card"));

export default function ErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Suspense fallback={null}>
      <ErrorCard {...props} />
    </Suspense>
  );
}
