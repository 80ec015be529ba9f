import type http from "node:http";
import { DATABASE_RETRY_AFTER_SECONDS, ERROR_CODES, isDatabaseUnreachable } from "@/lib/errors";

/** An OAuth error body `{error, error_description}`, never cached, written on the raw response. */
export function sendOAuthError(res: http.ServerResponse, status: number, error: string, description: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify({ error, error_description: description }));
}

/** The provider's answer to a request its database could not serve: the request may succeed shortly. */
export type DatabaseUnavailable = {
  status: number;
  /** The Retry-After header's value, in seconds. */
  retryAfter: string;
  /** The OAuth error code (RFC 6749 §4.1.2.1). */
  error: "temporarily_unavailable";
  /** The English `error_description` of the JSON answer; pages say it in the visitor's language. */
  description: string;
};

/**
 * The one place the provider's JSON endpoints and its browser pages decide that a failure is the
 * database being unreachable and how that is answered (503, Retry-After); null for any other failure.
 */
export function databaseUnavailableOf(error: unknown): DatabaseUnavailable | null {
  if (!isDatabaseUnreachable(error)) return null;
  const { status, message } = ERROR_CODES.UNAVAILABLE;
  return { status, retryAfter: String(DATABASE_RETRY_AFTER_SECONDS), error: "temporarily_unavailable", description: message };
}
