import { processWide } from "@/lib/process-wide";

// A counter every write to the applications table moves, for caches of applications in this
// process (the OpenID Provider's clients): an entry read under an older count is stale. Process-wide,
// as Next's bundle (the admin console, the Management API) and server.ts each load lib/.
const counter = processWide("applications.changes", () => ({ count: 0 }));

/** How many times this process changed applications: compare before and after reading one. */
export function applicationsChangeCount(): number {
  return counter.count;
}

/** Called after every write to applications (create, update, delete, a new secret). */
export function applicationsChanged(): void {
  counter.count++;
}
