"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False while the page is only the server's HTML (scripts off, or not run yet on a slow phone),
 * true once React runs it. For what only a script can do: say so until then, rather than offer a
 * button that does nothing. (`<noscript>` would not cover a page whose scripts have not run yet.)
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
