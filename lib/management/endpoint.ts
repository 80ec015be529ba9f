import { ZodError, type z } from "zod";
import { AppError } from "@/lib/errors";
import { readBody, requestContextFrom, type RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { parseUserId } from "@/lib/users";
import { managementErrorResponse, validationErrorFromZod } from "./errors";
import { assertScope, type ManagementScope } from "./scopes";
import { verifyManagementToken, type ManagementPrincipal } from "./token";

/** @default 64 KiB, as every other body Rekey accepts; Auth0's metadata limits fit well inside. */
const MAX_BODY_BYTES = 64 * 1024;

export type EndpointSpec = {
  /** The caller's token must carry one of these. */
  scopes: readonly ManagementScope[];
  /** A write's name in the tenant log ("Update a User"): a success logs sapi. Reads log nothing. */
  operation?: string;
};

export type EndpointInput<P> = {
  request: Request;
  params: P;
  query: URLSearchParams;
  principal: ManagementPrincipal;
  ctx: RequestContext;
};

type RouteContext<P> = { params: Promise<P> };

/**
 * A Management API route handler. The steps, in order: the bearer token (an unauthenticated caller
 * is answered and not logged, so nobody can fill the tenant log without a token), the scope, the
 * handler; then one log line: sapi for a successful write, fapi for any failure of a known client.
 * These routes take no cookies, only a bearer token a browser never adds by itself, so a cross-site
 * request cannot borrow anyone's authority: there is no CSRF check, as for any bearer-token API.
 */
export function managementEndpoint<P extends Record<string, string> = Record<string, never>>(
  spec: EndpointSpec,
  handler: (input: EndpointInput<P>) => Promise<Response>,
) {
  return async function handle(request: Request, route: RouteContext<P>): Promise<Response> {
    const ctx = requestContextFrom(request.headers, request.method);
    const url = new URL(request.url);
    let principal: ManagementPrincipal | undefined;
    let params: P | undefined;
    try {
      principal = await verifyManagementToken(request.headers.get("authorization"));
      assertScope(principal.scopes, spec.scopes);
      params = await route.params;
      const response = await handler({ request, params, query: url.searchParams, principal, ctx });
      if (spec.operation) await logCall("sapi", spec.operation, { request, url, principal, ctx, params, status: response.status });
      return response;
    } catch (error) {
      const response = managementErrorResponse(error, request.method === "GET" ? "query" : "body");
      if (principal) {
        const message = ((await response.clone().json()) as { message?: string }).message;
        await logCall("fapi", message ?? "Failed API operation", { request, url, principal, ctx, params, status: response.status, operation: spec.operation });
      }
      return response;
    }
  };
}

async function logCall(
  type: "sapi" | "fapi",
  description: string,
  call: { request: Request; url: URL; principal: ManagementPrincipal; ctx: RequestContext; params?: Record<string, string>; status: number; operation?: string },
) {
  // Only a user route's id is a user: an API's id (24 hex digits, like a user's) is not.
  const userId = call.params?.id && call.url.pathname.startsWith("/api/v2/users/") ? toUserId(call.params.id) : null;
  await writeLog({
    type,
    userId,
    ...logContext(call.ctx),
    description,
    details: {
      client_id: call.principal.clientId,
      client_name: call.principal.clientName,
      request: { method: call.request.method, path: call.url.pathname },
      response: { statusCode: call.status },
      ...(call.operation ? { operation: call.operation } : {}),
    },
  });
}

/** A JSON body validated against `schema`; refusals in Auth0's words ("Payload validation error"). */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  try {
    return await readBody(request, schema, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ZodError) throw validationErrorFromZod("body", error);
    throw error;
  }
}

/** Query parameters validated against `schema` (each parameter once; a repeated one is refused). */
export function parseQuery<S extends z.ZodType>(query: URLSearchParams, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of query) {
    if (key in raw) throw validationErrorFromZod("query", new ZodError([{ code: "custom", path: [key], message: "Parameter given more than once", input: value }]));
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationErrorFromZod("query", parsed.error);
  return parsed.data;
}

/** A JSON response, never cached. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** 204, as Auth0 answers a delete. */
export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

/** The user id of a path (`auth0|<id>` or the bare id); any other value is a user that does not exist. */
export function userIdParam(value: string | undefined): string {
  const id = value ? toUserId(value) : null;
  if (!id) throw new AppError("NOT_FOUND");
  return id;
}

function toUserId(value: string): string | null {
  try {
    return parseUserId(decodeURIComponent(value));
  } catch {
    return parseUserId(value);
  }
}
