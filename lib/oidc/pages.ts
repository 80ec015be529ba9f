import type { KoaContextWithOIDC } from "oidc-provider";
import { config } from "@/lib/config";
import { DATABASE_RETRY_AFTER_SECONDS, ERROR_CODES, isDatabaseUnreachable } from "@/lib/errors";

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE =
  "body{font-family:system-ui,sans-serif;background:#f5f5f7;margin:0;padding:48px 16px;color:#1d1d1f}main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin:0 0 12px}button{font:inherit;padding:10px 16px;border-radius:8px;border:1px solid #888;background:#fff;margin:8px 8px 0 0;cursor:pointer}button.primary{background:#1d1d1f;color:#fff;border-color:#1d1d1f}code{word-break:break-all}";

/** A small page in Rekey's look; the provider's own pages (errors, logout) use it. */
export function page(title: string, body: string): string {
  const product = escapeHtml(config().PRODUCT_NAME);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · ${product}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * Errors the provider shows in the browser (a bad redirect_uri, an unknown client): never a stack
 * trace. Its own failures (`server_error`) get our words, and a database that cannot be reached a 503
 * that says to try again shortly.
 */
export async function renderErrorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }, error?: unknown): Promise<void> {
  ctx.type = "html";
  if (isDatabaseUnreachable(error)) {
    ctx.status = 503;
    ctx.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
    ctx.body = page("Sign-in could not continue", `<p>${escapeHtml(ERROR_CODES.UNAVAILABLE.message)}</p><p><code>temporarily_unavailable</code></p>`);
    return;
  }
  const description = out.error === "server_error" ? ERROR_CODES.INTERNAL.message : (out.error_description ?? "The application sent a request Rekey cannot accept.");
  ctx.body = page("Sign-in could not continue", `<p>${escapeHtml(description)}</p><p><code>${escapeHtml(out.error)}</code></p>`);
}

export async function renderLogoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const client = ctx.oidc.client?.clientName;
  ctx.type = "html";
  ctx.body = page(
    "Sign out?",
    `<p>${client ? `${escapeHtml(client)} asks to sign you out of ${escapeHtml(config().PRODUCT_NAME)}.` : `Sign out of ${escapeHtml(config().PRODUCT_NAME)}?`}</p>${form}<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button><button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export async function renderPostLogoutPage(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = "html";
  ctx.body = page("Signed out", "<p>You are signed out. You can close this window.</p>");
}

export { escapeHtml };
