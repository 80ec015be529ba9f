import { ZodError, type core } from "zod";
import { AppError, ERROR_CODES, retryAfterSecondsOf, toAppError, type ErrorCode } from "@/lib/errors";
import { managementApiPasswordError, type PasswordFailure } from "@/lib/passwords";

// Auth0's SDKs build their exceptions from these bodies and some callers compare `errorCode` or
// even `message`, so the texts below are Auth0's own (hapi's reason phrases, the Management API's
// error codes), not paraphrases.

/** The Management API v2 error body. */
export type Auth0ErrorBody = {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
  attributes?: { error: string };
};

/** The Authentication API's OAuth error body (`/oauth/token`, `/dbconnections/*`). */
export type OAuthErrorBody = { error: string; error_description: string };

const REASON_PHRASES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Default Auth0 errorCode and message per AppError code, where ours differ from Auth0's. */
const MANAGEMENT_DEFAULTS: Record<string, { errorCode?: string; message?: string }> = {
  INVALID_INPUT: { errorCode: "invalid_body" },
  INVALID_JSON: { errorCode: "invalid_body", message: "Invalid request payload JSON format" },
  PAYLOAD_TOO_LARGE: { message: "Payload content length greater than maximum allowed" },
  UNSUPPORTED_MEDIA_TYPE: { message: "Unsupported Media Type" },
  NOT_FOUND: { errorCode: "inexistent_user", message: "The user does not exist." },
  USER_EXISTS: { errorCode: "auth0_idp_error", message: "The user already exists." },
  RATE_LIMITED: { errorCode: "too_many_requests", message: "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers." },
  INTERNAL: { message: "An internal server error occurred" },
};

/** Where invalid input came from: Auth0 names it in the message and the errorCode. */
export type InputSource = "body" | "query";

/** A 400 in Auth0's words for bad input: "Payload validation error: '…' on property x." */
export function validationError(source: InputSource, issue: string, property?: string): AppError {
  const prefix = source === "body" ? "Payload validation error" : "Query validation error";
  const where = property ? ` on property ${property}` : "";
  return new AppError("INVALID_INPUT", `${prefix}: '${issue}'${where}.`, {
    data: { errorCode: source === "body" ? "invalid_body" : "invalid_query_string" },
  });
}

/** The first zod issue, described the way Auth0's JSON-schema validator words it. */
export function validationErrorFromZod(source: InputSource, error: ZodError): AppError {
  const issue = error.issues[0];
  if (!issue) return validationError(source, "Invalid input");
  return validationError(source, describeIssue(issue), issue.path.length ? issue.path.join(".") : undefined);
}

function describeIssue(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `Additional properties not allowed: ${issue.keys.join(",")}`;
    case "invalid_type": {
      const received = receivedType(issue);
      if (received === "undefined") return `Missing required property: ${String(issue.path.at(-1) ?? "")}`;
      return `Expected type ${issue.expected} but found type ${received}`;
    }
    case "too_big":
      return issue.origin === "string" ? `String is too long (${issue.maximum} chars max)` : `Value is too large (${String(issue.maximum)} max)`;
    case "too_small":
      return issue.origin === "string" ? `String is too short (${issue.minimum} chars min)` : `Value is too small (${String(issue.minimum)} min)`;
    default:
      return issue.message;
  }
}

/** What an invalid_type issue found: zod keeps the input out of issues, its message names the type. */
function receivedType(issue: core.$ZodIssue): string {
  return /received (\w+)$/.exec(issue.message)?.[1] ?? "unknown";
}

/** Any thrown value as the AppError a Management API answer is built from (converted, and logged, once). */
function managementAppErrorOf(error: unknown, source: InputSource): AppError {
  return error instanceof ZodError ? validationErrorFromZod(source, error) : toAppError(error);
}

/** Any thrown value as Auth0's Management API error body and HTTP status. */
export function toManagementError(error: unknown, source: InputSource = "body"): Auth0ErrorBody {
  return managementBodyOf(managementAppErrorOf(error, source));
}

function managementBodyOf(appError: AppError): Auth0ErrorBody {
  if (appError.code === "PASSWORD_POLICY") {
    return managementApiPasswordError((appError.data?.reasonCode as PasswordFailure | undefined) ?? "strength");
  }
  const defaults = MANAGEMENT_DEFAULTS[appError.code] ?? {};
  const status = appError.status;
  const message = hasOwnMessage(appError) ? appError.message : (defaults.message ?? appError.message);
  const errorCode = (appError.data?.errorCode as string | undefined) ?? defaults.errorCode;
  return {
    statusCode: status,
    error: REASON_PHRASES[status] ?? "Error",
    message,
    ...(errorCode ? { errorCode } : {}),
    ...(status === 401 && message === "Invalid token" ? { attributes: { error: message } } : {}),
  };
}

/** The JSON response for a Management API error. */
export function managementErrorResponse(error: unknown, source: InputSource = "body", headers?: HeadersInit): Response {
  const appError = managementAppErrorOf(error, source);
  const body = managementBodyOf(appError);
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  const retryAfter = retryAfterSecondsOf(appError);
  if (retryAfter !== undefined) h.set("retry-after", String(retryAfter));
  if (body.statusCode === 401) h.set("www-authenticate", `Bearer error="${body.message === "Invalid token" ? "invalid_token" : "invalid_request"}"`);
  return Response.json(body, { status: body.statusCode, headers: h });
}

const OAUTH_DEFAULTS: Record<string, { error: string; description?: string }> = {
  INVALID_INPUT: { error: "invalid_request" },
  INVALID_JSON: { error: "invalid_request", description: "Invalid request payload JSON format" },
  PAYLOAD_TOO_LARGE: { error: "invalid_request", description: "Payload content length greater than maximum allowed" },
  UNSUPPORTED_MEDIA_TYPE: { error: "invalid_request", description: "Unsupported Media Type" },
  UNAUTHENTICATED: { error: "access_denied", description: "Unauthorized" },
  FORBIDDEN: { error: "access_denied" },
  RATE_LIMITED: { error: "too_many_requests" },
  UNAVAILABLE: { error: "temporarily_unavailable" },
};

type OAuthAnswer = { status: number; body: OAuthErrorBody; retryAfterSeconds?: number };

/** Any thrown value as the Authentication API's answer; the error is converted (and logged) once. */
function oauthAnswerOf(error: unknown): OAuthAnswer {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const property = issue?.path.join(".") ?? "";
    const description = issue?.code === "invalid_type" && receivedType(issue) === "undefined" ? `Missing required parameter: ${property}` : `Invalid parameter: ${property}`;
    return { status: 400, body: { error: "invalid_request", error_description: description } };
  }
  const appError = toAppError(error);
  const retryAfterSeconds = retryAfterSecondsOf(appError);
  const defaults = OAUTH_DEFAULTS[appError.code];
  if (!defaults) return { status: appError.status >= 500 ? 500 : appError.status, body: { error: "server_error", error_description: appError.status >= 500 ? "Internal Server Error" : appError.message }, retryAfterSeconds };
  return {
    status: appError.status,
    body: {
      error: (appError.data?.oauthError as string | undefined) ?? defaults.error,
      error_description: hasOwnMessage(appError) ? appError.message : (defaults.description ?? appError.message),
    },
    retryAfterSeconds,
  };
}

/** Any thrown value as the Authentication API's `{error, error_description}` and its status. */
export function toOAuthError(error: unknown): { status: number; body: OAuthErrorBody } {
  const { status, body } = oauthAnswerOf(error);
  return { status, body };
}

/** The JSON response for an Authentication API error; OAuth answers are never cached (RFC 6749 §5.1). */
export function oauthErrorResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, body, retryAfterSeconds } = oauthAnswerOf(error);
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  h.set("pragma", "no-cache");
  if (retryAfterSeconds !== undefined) h.set("retry-after", String(retryAfterSeconds));
  return Response.json(body, { status, headers: h });
}

/** Whether the thrower gave a message of its own, rather than the code's generic one. */
function hasOwnMessage(error: AppError): boolean {
  return error.message !== ERROR_CODES[error.code as ErrorCode]?.message;
}
