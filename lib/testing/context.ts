import type { RequestContext } from "@/lib/http";

/** A request context for tests; each call gets its own IP so rate limits do not leak between tests. */
export function testRequestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return { ip: `10.${rand()}.${rand()}.${rand()}`, userAgent: "vitest", hostname: "localhost", method: "POST", ...overrides };
}

function rand() {
  return Math.floor(Math.random() * 254) + 1;
}
