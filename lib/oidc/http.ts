import type http from "node:http";
import type Provider from "oidc-provider";
import { config } from "@/lib/config";
import { clientIp } from "@/lib/http";
import { securityHeaders } from "@/lib/http/security-headers";
import { databaseUnavailableOf, sendOAuthError } from "./oauth-errors";
import { PROVIDER_CSP } from "./settings";
import { AUTH0_LOGOUT_PATH, OIDC_ROUTES, routeOf } from "./routes";

/** @default 56 KiB, the provider's own body limit. */
const MAX_TOKEN_BODY_BYTES = 56 * 1024;

export type OidcHttpOptions = {
  provider: Provider;
  interaction: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  /** Today's Management API token endpoint (client credentials), as a fetch-style handler. */
  clientCredentials: (request: Request) => Promise<Response>;
};

export type OidcHttp = {
  /** True when the request is the provider's (its endpoints, /interaction/<uid>, /v2/logout). */
  owns(req: http.IncomingMessage): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
};

class BodyTooLarge extends Error {}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** @default 8 MiB: past the body limit the rest is read and dropped up to here, then the connection is cut. */
const MAX_DRAINED_BYTES = 8 * 1024 * 1024;

/**
 * The body, up to MAX_TOKEN_BODY_BYTES. A larger one is still read to its end (and dropped) before
 * the 413: answering mid-upload resets the connection, and a client reusing it saw "fetch failed"
 * for its next request (seen in the hostile storm).
 */
async function readRaw(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_DRAINED_BYTES) {
      req.destroy();
      throw new BodyTooLarge();
    }
    if (size <= MAX_TOKEN_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_TOKEN_BODY_BYTES) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

const mediaType = (req: http.IncomingMessage) => (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

/** The token request's parameters, from a form or (as Auth0 accepts) JSON; null when neither parses. */
function tokenParams(type: string, raw: Buffer): URLSearchParams | null {
  if (type === "application/x-www-form-urlencoded") return new URLSearchParams(raw.toString("utf8"));
  if (type !== "application/json") return null;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") params.set(key, String(value));
  }
  return params;
}

async function writeResponse(res: http.ServerResponse, response: Response, pathname: string): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  for (const [name, value] of securityHeaders(pathname, { https: config().PUBLIC_URL.startsWith("https://") })) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", PROVIDER_CSP);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The provider's requests, before Next: the provider builds its URLs from the request, so the
 * public scheme and host are pinned from PUBLIC_URL, and the client address is the one our own
 * rule (clientIp, TRUST_PROXY) settled on, never what a client claims.
 */
function pinForwarding(req: http.IncomingMessage): void {
  const publicUrl = new URL(config().PUBLIC_URL);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  req.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
  req.headers["x-forwarded-host"] = publicUrl.host;
  req.headers["x-forwarded-for"] = clientIp(headers);
}

export function createOidcHttp(options: OidcHttpOptions): OidcHttp {
  const { provider } = options;
  provider.proxy = true;
  const callback = provider.callback();

  async function token(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const type = mediaType(req);
    let raw: Buffer;
    try {
      raw = await readRaw(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendOAuthError(res, 413, "invalid_request", "The request body is too large.");
      throw error;
    }
    const params = tokenParams(type, raw);
    if (!params) return sendOAuthError(res, 400, "invalid_request", "Send the token request as a form or as JSON.");
    // Client credentials stay with the Management API's token endpoint (its own clients and tokens).
    if (params.get("grant_type") === "client_credentials") {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(new URL(OIDC_ROUTES.token, config().PUBLIC_URL), { method: "POST", headers, body: new Uint8Array(raw) });
      return writeResponse(res, await options.clientCredentials(request), OIDC_ROUTES.token);
    }
    // OAuth parameters are printable ASCII (RFC 6749, Appendix A). Anything else is refused here:
    // the provider echoes values into WWW-Authenticate, where a non-ASCII one throws and resets the
    // connection, and a NUL reaches the database (both seen in the hostile storm).
    if ([...params].some(([key, value]) => !PRINTABLE_ASCII.test(key) || !PRINTABLE_ASCII.test(value))) {
      return sendOAuthError(res, 400, "invalid_request", "Token request parameters must be printable ASCII.");
    }
    // The stream is read: the provider takes the parsed body (a form, whatever came in).
    const body = params.toString();
    req.headers["content-type"] = "application/x-www-form-urlencoded";
    // The provider only parses a request that says it has a body (type-is looks at the length).
    req.headers["content-length"] = String(Buffer.byteLength(body));
    delete req.headers["transfer-encoding"];
    (req as http.IncomingMessage & { body?: string }).body = body;
    await callback(req, res);
  }

  function auth0Logout(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    const target = new URLSearchParams();
    const clientId = url.searchParams.get("client_id");
    const returnTo = url.searchParams.get("returnTo");
    if (clientId) target.set("client_id", clientId);
    // A return address is checked against the application's allowed logout URLs; without an
    // application there is nothing to check it against, so it is dropped (never followed).
    if (returnTo && clientId) target.set("post_logout_redirect_uri", returnTo);
    res.statusCode = 302;
    res.setHeader("Location", `${OIDC_ROUTES.end_session}${target.size ? `?${target}` : ""}`);
    res.setHeader("Cache-Control", "no-store");
    res.end();
  }

  return {
    owns(req) {
      return routeOf(new URL(req.url ?? "/", "http://x").pathname, req.method ?? "GET") !== null;
    },
    async handle(req, res) {
      const url = new URL(req.url ?? "/", "http://x");
      const pathname = url.pathname;
      const route = routeOf(pathname, req.method ?? "GET");
      pinForwarding(req);
      // A NUL in a query parameter (state=%00 at end-session) reached the provider's session or
      // interaction, which PostgreSQL cannot store, and answered 500 (found by the production storm).
      if ([...url.searchParams].some(([key, value]) => key.includes("\u0000") || value.includes("\u0000"))) {
        return sendOAuthError(res, 400, "invalid_request", "Request parameters must not contain NUL characters.");
      }
      try {
        if (route === "auth0-logout") return auth0Logout(req, res);
        if (route === "interaction") {
          for (const [name, value] of securityHeaders(pathname, { https: config().PUBLIC_URL.startsWith("https://") })) res.setHeader(name, value);
          res.setHeader("Content-Security-Policy", PROVIDER_CSP);
          return await options.interaction(req, res);
        }
        if (pathname === OIDC_ROUTES.token && req.method === "POST") return await token(req, res);
        await callback(req, res);
      } catch (error) {
        const unavailable = databaseUnavailableOf(error);
        if (unavailable) {
          console.error(`[rekey] OpenID Provider request failed: database unreachable`);
          if (res.headersSent) {
            res.end();
            return;
          }
          res.setHeader("Retry-After", unavailable.retryAfter);
          return sendOAuthError(res, unavailable.status, unavailable.error, unavailable.description);
        }
        console.error("[rekey] OpenID Provider request failed:", error);
        if (!res.headersSent) sendOAuthError(res, 500, "server_error", "Something went wrong. Try again.");
        else res.end();
      }
    },
  };
}

export { AUTH0_LOGOUT_PATH };
