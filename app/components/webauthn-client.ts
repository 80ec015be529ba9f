/** JSON POST to one of our route handlers; throws the server's public message on an error answer. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => null)) as (T & { error?: { code: string; message: string; fields?: Record<string, string> } }) | null;
  if (!response.ok || !data) throw new RequestError(data?.error?.message ?? "Something went wrong. Try again.", data?.error?.code, data?.error?.fields);
  return data;
}

export class RequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** What to tell a person when the browser's WebAuthn prompt ends without a credential. */
export function describeWebauthnError(error: unknown): string {
  if (error instanceof RequestError) return error.message;
  const name = (error as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "AbortError") return "The key did not answer, or the request was cancelled. Try again.";
  if (name === "InvalidStateError") return "This key is already registered to your account.";
  if (name === "NotSupportedError") return "This browser or device does not support security keys or passkeys.";
  if (name === "SecurityError") return "This page's address does not match the site's configuration (WebAuthn RP ID).";
  return "Something went wrong with the key. Try again.";
}
