// Plain-fetch client helpers: cookies, a distinct client IP per request, and Next.js server actions
// called the way a hydrated form calls them.

let ipCounter = 0;

/**
 * A client address never used before in this run, sent as X-Forwarded-For (the bench server runs
 * with TRUST_PROXY=1): every request starts fresh per-IP rate-limit buckets.
 */
export function nextClientIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** `name=value` pairs of the Set-Cookie headers of a response. */
export function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0]!;
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

export function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** GETs a page as text; throws unless 200. */
export async function getText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers, redirect: "manual" });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return text;
}

/** The HTML entities React escapes in attribute values, decoded. */
export const decodeEntities = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * The server action id of the first form on a page. A form bound to `useActionState` renders its
 * no-JS fallback as hidden inputs, the first of which carries `{"id":"<action id>","bound":…}`;
 * a plain `<form action={fn}>` renders `$ACTION_ID_<id>`.
 */
export function findActionId(html: string): string {
  const bound = /name="\$ACTION_\d+:0" value="([^"]+)"/.exec(html);
  if (bound) {
    const id = (JSON.parse(decodeEntities(bound[1]!)) as { id?: unknown }).id;
    if (typeof id === "string") return id;
  }
  const plain = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(html);
  if (plain) return plain[1]!;
  throw new Error("No server action form found on the page");
}

export type ActionResponse = {
  /** Request sent → whole body received. */
  ms: number;
  status: number;
  /** `x-action-redirect` without its `;push`/`;replace` suffix, when the action redirected. */
  redirect: string | null;
  cookies: Map<string, string>;
  body: string;
};

/**
 * Calls a `useActionState` server action as React's hydrated form does: a POST to the page with
 * the `Next-Action: <id>` header and the arguments `(previousState, formData)` encoded by React's
 * `encodeReply` (part `0` is the JSON argument list, `$K1` refers to the FormData whose fields
 * travel as `_1_<name>`). A redirect() in the action answers 200 with `x-action-redirect` and, in
 * the same body, the RSC payload of the target page, which the timing includes as a browser waits
 * for it too.
 */
export async function callFormAction(
  baseUrl: string,
  pagePath: string,
  actionId: string,
  fields: Record<string, string>,
  options: { cookie?: string; ip: string; previousState?: unknown },
): Promise<ActionResponse> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  // Last, as encodeReply puts it: the server decodes the stream as it arrives, and `$K1` takes
  // the fields seen before part `0`.
  body.set("0", JSON.stringify([options.previousState ?? { ok: false }, "$K1"]));
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "next-action": actionId,
    origin: baseUrl,
    "x-forwarded-for": options.ip,
    "user-agent": "rekey-bench",
  };
  if (options.cookie) headers.cookie = options.cookie;
  const start = performance.now();
  const response = await fetch(`${baseUrl}${pagePath}`, { method: "POST", body, headers, redirect: "manual" });
  const text = await response.text();
  const ms = performance.now() - start;
  const redirect = response.headers.get("x-action-redirect")?.split(";")[0] ?? null;
  return { ms, status: response.status, redirect, cookies: cookiesOf(response), body: text };
}

/** The action's returned FormState in an RSC answer without redirect (e.g. `1:{"ok":false,…}`). */
export type ActionState = { ok?: boolean; code?: string; message?: string; fields?: Record<string, string> };

export function actionState(body: string): ActionState | null {
  const match = /^1:(\{.*\})$/m.exec(body);
  if (!match) return null;
  try {
    return JSON.parse(match[1]!) as ActionState;
  } catch {
    return null;
  }
}
