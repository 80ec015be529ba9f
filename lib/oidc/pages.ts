import type { KoaContextWithOIDC } from "oidc-provider";
import { config } from "@/lib/config";
import { dirOf } from "@/lib/i18n";
import { databaseUnavailableOf } from "./oauth-errors";
import { pageLanguage, type PageLanguage } from "./page-language";

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE =
  "body{font-family:system-ui,sans-serif;background:#f5f5f7;margin:0;padding:48px 16px;color:#1d1d1f}main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin:0 0 12px}button{font:inherit;padding:10px 16px;border-radius:8px;border:1px solid #888;background:#fff;margin:8px 0 0;margin-inline-end:8px;cursor:pointer}button.primary{background:#1d1d1f;color:#fff;border-color:#1d1d1f}code{word-break:break-all}";

/** A small page in Rekey's look, in the visitor's language; the provider's own pages (errors, logout) use it. */
export function page(language: PageLanguage, title: string, body: string): string {
  const product = escapeHtml(config().PRODUCT_NAME);
  return `<!DOCTYPE html><html lang="${language.locale}" dir="${dirOf(language.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · ${product}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The language of a page the provider renders: its request's `ui_locales` when it has parsed them. */
function languageOf(ctx: KoaContextWithOIDC): PageLanguage {
  return pageLanguage(ctx.req.headers, ctx.oidc?.params?.ui_locales);
}

/**
 * Errors the provider shows in the browser (a bad redirect_uri, an unknown client): never a stack
 * trace. Its own failures (`server_error`) get our words, and a database that cannot be reached a 503
 * that says to try again shortly. The provider's `error_description` is shown as it said it.
 */
export async function renderErrorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }, error?: unknown): Promise<void> {
  const language = languageOf(ctx);
  const { t } = language;
  const title = t("provider.errorTitle");
  ctx.type = "html";
  const unavailable = databaseUnavailableOf(error);
  if (unavailable) {
    ctx.status = unavailable.status;
    ctx.set("Retry-After", unavailable.retryAfter);
    ctx.body = page(language, title, `<p>${escapeHtml(t("errors.UNAVAILABLE"))}</p><p><code>${unavailable.error}</code></p>`);
    return;
  }
  const description = out.error === "server_error" ? t("errors.INTERNAL") : (out.error_description ?? t("provider.requestRefused", { product: config().PRODUCT_NAME }));
  ctx.body = page(language, title, `<p>${escapeHtml(description)}</p><p><code>${escapeHtml(out.error)}</code></p>`);
}

export async function renderLogoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const language = languageOf(ctx);
  const { t } = language;
  const client = ctx.oidc.client?.clientName;
  const product = config().PRODUCT_NAME;
  const question = client ? t("provider.logoutAsked", { name: client, product }) : t("provider.logoutQuestion", { product });
  ctx.type = "html";
  ctx.body = page(
    language,
    t("provider.logoutTitle"),
    `<p>${escapeHtml(question)}</p>${form}<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t("provider.signOut"))}</button><button type="submit" form="op.logoutForm">${escapeHtml(t("provider.staySignedIn"))}</button>`,
  );
}

export async function renderPostLogoutPage(ctx: KoaContextWithOIDC): Promise<void> {
  const language = languageOf(ctx);
  ctx.type = "html";
  ctx.body = page(language, language.t("provider.signedOutTitle"), `<p>${escapeHtml(language.t("provider.signedOutText"))}</p>`);
}

export { escapeHtml };
