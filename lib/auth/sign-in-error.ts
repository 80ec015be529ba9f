// Shared by the server (options.ts throws it) and the sign-in form (reads next-auth's answer): no server imports.
import type { MessageRef } from "@/lib/errors/app-error";

/** A refused sign-in as it crosses next-auth: its code, its English, and the catalog message it says, when it has one. */
export type SignInError = { code: string; message: string; ref?: MessageRef };

const CODE = /^[A-Z][A-Z_]*$/;
const MESSAGE_ID = /^[a-z]+\.[A-Za-z_]+$/;

/**
 * next-auth carries a refused sign-in as one string: `CODE|message`, or `CODE:<ref>|message` where
 * <ref> is the catalog reference as percent-encoded JSON (no `|` in it, so the first `|` still ends
 * the head). The message after it may hold anything, `|` included (an Action's deny reason).
 */
export function encodeSignInError(code: string, message: string, ref?: MessageRef): string {
  return `${code}${ref ? `:${encodeURIComponent(JSON.stringify(ref))}` : ""}|${message}`;
}

/** The code of an encoded refusal, and nothing else of it (what a link may carry to the page). */
export function signInErrorCodeOf(encoded: string): string {
  return encoded.split("|")[0]!.split(":")[0]!;
}

/**
 * An encoded refusal read back; undefined when it is not one. A reference that is not a well-formed
 * `namespace.key` with string or number values is dropped (the English stays).
 */
export function decodeSignInError(encoded: string): SignInError | undefined {
  const bar = encoded.indexOf("|");
  if (bar < 0) return undefined;
  const head = encoded.slice(0, bar);
  const message = encoded.slice(bar + 1);
  const code = signInErrorCodeOf(head);
  if (!CODE.test(code) || !message) return undefined;
  const ref = head.length > code.length ? refOf(head.slice(code.length + 1)) : undefined;
  return { code, message, ...(ref ? { ref } : {}) };
}

function refOf(text: string): MessageRef | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(text));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const { id, values } = parsed as { id?: unknown; values?: unknown };
  if (typeof id !== "string" || !MESSAGE_ID.test(id)) return undefined;
  if (values === undefined) return { id };
  if (!values || typeof values !== "object" || Array.isArray(values)) return undefined;
  const entries = Object.entries(values);
  if (entries.length > 10 || !entries.every(([, v]) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) return undefined;
  return { id, values: Object.fromEntries(entries) as Record<string, string | number> };
}
