// Kept out of lib/http/index.ts: next/headers must not load in the worker or the custom server.
import { headers } from "next/headers";
import { requestContextFrom, type RequestContext } from "./request-context";

/** The request context inside a server component or server action. */
export async function currentRequestContext(method = "POST"): Promise<RequestContext> {
  return requestContextFrom(await headers(), method);
}
