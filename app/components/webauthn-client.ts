import type { MessageRef } from "@/lib/errors/app-error";

/** JSON POST to one of our route handlers; throws the server's public message on an error answer. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; fields?: Record<string, string>; messageId?: MessageRef; fieldIds?: Record<string, MessageRef> } })
    | null;
  if (!response.ok || !data) {
    const error = data?.error;
    throw new RequestError(error?.message ?? "Something went wrong. Try again.", error?.code, error?.fields, error?.fieldIds, error?.messageId);
  }
  return data;
}

export class RequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly fields?: Record<string, string>,
    /** The catalog IDs of the field messages that have one, for the page's language. */
    readonly fieldIds?: Record<string, MessageRef>,
    /** The catalog ID of `message`, when it has one other than its code's own. */
    readonly messageId?: MessageRef,
  ) {
    super(message);
  }
}

const WEBAUTHN_MESSAGES = {
  notAllowed: "The key did not answer, or the request was cancelled. Try again.",
  invalidState: "This key is already registered to your account.",
  notSupported: "This browser or device does not support security keys or passkeys.",
  security: "This page's address does not match the site's configuration (WebAuthn RP ID).",
  unknown: "Something went wrong with the key. Try again.",
} as const;

/** The message ID (messages/<locale>.json `webauthn.<id>`) of a browser's WebAuthn failure. */
export function webauthnErrorId(error: unknown): keyof typeof WEBAUTHN_MESSAGES {
  const name = (error as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "AbortError") return "notAllowed";
  if (name === "InvalidStateError") return "invalidState";
  if (name === "NotSupportedError") return "notSupported";
  if (name === "SecurityError") return "security";
  return "unknown";
}

/**
 * What to tell a person when the browser's WebAuthn prompt ends without a credential, in a page's
 * language when `t` is given (a server's refusal by its code when it carries the code's message).
 */
export function describeWebauthnError(error: unknown, t?: (id: string, values?: MessageRef["values"]) => string): string {
  if (error instanceof RequestError) {
    if (!t) return error.message;
    // A code's own message carries its ID too (lib/errors/app-error.ts); words without one are shown as written.
    if (error.messageId) return t(error.messageId.id, error.messageId.values);
    // No answer from the server (or not JSON): postJson's own words.
    return error.code === undefined && error.message === "Something went wrong. Try again." ? t("webauthn.requestFailed") : error.message;
  }
  if (t) return t(`webauthn.${webauthnErrorId(error)}`);
  return WEBAUTHN_MESSAGES[webauthnErrorId(error)];
}
