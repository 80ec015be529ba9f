// Kept out of lib/http/index.ts: next/headers must not load in the worker or the custom server.
import { headers } from "next/headers";
import { requestContextFrom, type RequestContext } from "./request-context";

/** The request context inside a server component or server action. */
export async function currentRequestContext(method = "POST"): Promise<RequestContext> {
  return requestContextFrom(await headers(), method);
}

/**
 * Whether this server action came from a form posted without JavaScript: the browser posted the
 * form itself (no Next-Action header, which only React's fetch sends), so the answer is a whole
 * page rendered from the action's state, and anything the page should keep must be in that state.
 */
export async function postedWithoutScript(): Promise<boolean> {
  const h = await headers();
  const type = (h.get("content-type") ?? "").toLowerCase();
  return (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) && !h.has("next-action");
}
