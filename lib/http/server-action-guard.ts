import { AppError, catalogError } from "@/lib/errors";

/**
 * Checks, run by proxy.ts before Next.js sees a request, that keep forged server-action calls away
 * from the framework's own handling, which answers them with a 500: a cross-site call (Next.js's
 * CSRF check throws), an Origin that is not a URL, and an argument payload React cannot decode
 * (bad JSON, a missing root, a reference to a part that is not there).
 *
 * A request is a server action when it carries `Next-Action` (the client's fetch) or is a
 * multipart POST (a form sent before JavaScript loaded). Rekey's route handlers take JSON or
 * urlencoded bodies only, so no route handler is affected.
 */
const ROUTE_HANDLER_PREFIXES = ["/api", "/oauth", "/dbconnections", "/continue"];

export function isServerActionRequest(method: string, headers: Headers, pathname = "/"): boolean {
  if (method !== "POST") return false;
  // The API routes answer in Auth0's shapes, and /continue takes cross-site posts by design: a
  // multipart body there is theirs to refuse, not a server action.
  if (ROUTE_HANDLER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false;
  return headers.has("next-action") || mediaType(headers) === "multipart/form-data";
}

/**
 * Refuses a server action that a browser says comes from another site. Same rule as
 * assertSameOrigin, except that a request with neither Sec-Fetch-Site nor Origin passes (as Next.js
 * lets it): every browser sends Origin on a POST, so such a request is handmade and carries only
 * cookies its sender already has. `Origin: null` is refused even when the browser says
 * same-origin: Next.js aborts such an action with a 500 (it compares the Origin's host with the
 * Host), and none of our pages makes it (lib/http/security-headers: no page is `no-referrer`).
 */
export function assertActionNotCrossSite(headers: Headers, ownOrigins: readonly string[]): void {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") throw new AppError("CSRF_FAILED");
  const origin = headers.get("origin");
  if (origin === null) return;
  if (origin === "null") throw new AppError("CSRF_FAILED");
  const host = headers.get("host");
  const allowed = new Set(ownOrigins);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (!allowed.has(origin)) throw new AppError("CSRF_FAILED");
}

/** Strings React's reply encoding gives meaning to that a plain form's arguments never contain. */
const PLAIN_SPECIALS = /^\$(\$|undefined$|NaN$|-?Infinity$|-0$)/;

/**
 * Checks the encoded arguments of a server action (React's reply format) enough that decoding
 * cannot throw: every JSON part parses, and the only references are to forms (`$K`) and, in a form
 * posted without JavaScript, to the bound state (`$@`). Rekey's actions all take (state, form).
 */
export function assertActionPayload(headers: Headers, body: FormData | string): void {
  if (typeof body === "string") {
    // A fetch action with a text body: its arguments are one JSON array.
    assertReplyJson(body, { forms: false, bound: false, root: true });
    return;
  }
  if (headers.has("next-action")) {
    const root = body.get("0");
    if (typeof root !== "string") throw invalid();
    assertReplyJson(root, { forms: true, bound: false, root: true });
    for (const [name, value] of body) if (/^\d+$/.test(name) && name !== "0") assertReplyJson(typeof value === "string" ? value : "", { forms: true, bound: false, root: false });
    return;
  }
  // A form posted before JavaScript loaded: `$ACTION_<n>:<m>` parts hold the bound action and its state.
  for (const [name, value] of body) {
    if (/^\$ACTION_\d+:\d+$/.test(name)) assertReplyJson(typeof value === "string" ? value : "", { forms: true, bound: true, root: false });
  }
}

/**
 * The action ids a form posted without JavaScript names: `$ACTION_ID_<id>` for a plain action,
 * `$ACTION_<n>:0` = `{"id":…,"bound":…}` for one bound to its state (useActionState).
 */
export function formActionIds(body: FormData): string[] {
  const ids: string[] = [];
  for (const [name, value] of body) {
    if (name.startsWith("$ACTION_ID_")) ids.push(name.slice("$ACTION_ID_".length));
    else if (/^\$ACTION_\d+:0$/.test(name) && typeof value === "string") {
      const id = (JSON.parse(value) as { id?: unknown } | null)?.id;
      if (typeof id === "string") ids.push(id);
    }
  }
  return ids;
}

function assertReplyJson(text: string, allow: { forms: boolean; bound: boolean; root: boolean }): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (allow.root && !Array.isArray(value)) throw invalid();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 32) throw invalid();
    if (typeof node === "string") {
      if (!node.startsWith("$") || PLAIN_SPECIALS.test(node)) return;
      if (allow.forms && /^\$K[0-9a-f]{1,8}$/.test(node)) return;
      if (allow.bound && /^\$@[0-9a-f]{1,8}$/.test(node)) return;
      throw invalid();
    }
    if (Array.isArray(node)) for (const item of node) walk(item, depth + 1);
    else if (node && typeof node === "object") for (const item of Object.values(node)) walk(item, depth + 1);
  };
  walk(value, 0);
}

function invalid(): AppError {
  return catalogError("INVALID_INPUT", { id: "fields.formUnreadable" });
}

function mediaType(headers: Headers): string {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
}
