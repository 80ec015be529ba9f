import { readBody, requestContextFrom } from "@/lib/http";
import { AppError } from "@/lib/errors";
import { oauthErrorResponse } from "./errors";
import { CHANGE_PASSWORD_SENT, changePasswordRequestSchema, requestChangePasswordEmail } from "./change-password";
import { issueClientCredentialsToken, tokenRequestSchema } from "./token";

/** @default 16 KiB: a token or reset request is a few short strings. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

/**
 * `POST /oauth/token` (client credentials), JSON or form, client authentication in the body or
 * HTTP Basic. Called by servers, never with cookies: no CSRF check applies.
 */
export async function handleTokenRequest(request: Request): Promise<Response> {
  const ctx = requestContextFrom(request.headers, "POST");
  try {
    const body = await readBody(request, tokenRequestSchema, MAX_AUTH_BODY_BYTES);
    const token = await issueClientCredentialsToken(body, request.headers.get("authorization"), ctx);
    return Response.json(token, { headers: { "cache-control": "no-store", pragma: "no-cache" } });
  } catch (error) {
    return oauthErrorResponse(error);
  }
}

/**
 * `POST /dbconnections/change_password`. It carries no credentials, so a cross-site form can do no
 * more than anyone with curl: ask for an email, under the same limits. Answers Auth0's sentence as
 * text/html, as Auth0 does.
 */
export async function handleChangePasswordRequest(request: Request): Promise<Response> {
  const ctx = requestContextFrom(request.headers, "POST");
  try {
    const body = await readBody(request, changePasswordRequestSchema, MAX_AUTH_BODY_BYTES);
    const headers = await requestChangePasswordEmail(body, ctx);
    return new Response(CHANGE_PASSWORD_SENT, { status: 200, headers: { ...headers, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  } catch (error) {
    const headers = error instanceof AppError ? (error.data?.headers as Record<string, string> | undefined) : undefined;
    return oauthErrorResponse(error, headers);
  }
}
