import crypto from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import { pageLanguage } from "./page-language";
import { escapeHtml, page } from "./pages";
import { PROVIDER_CSP } from "./settings";

/** Submits the form as soon as the page is parsed; its hash joins the page's script-src. */
const SUBMIT = "document.addEventListener('DOMContentLoaded',function(){document.forms[0].submit()});";
const SUBMIT_HASH = `'sha256-${crypto.createHash("sha256").update(SUBMIT).digest("base64")}'`;

// The provider's form_post page (oidc-provider's lib/response_modes/form_post.js): its action and
// hidden fields, escaped by its htmlSafe. The provider offers no way to replace a built-in response
// mode, so its page is read back and rendered again; a test pins the template.
const PROVIDER_PAGE = "<title>Submitting Callback</title>";
const ACTION = /<form method="post" action="([^"]*)">/;
const FIELD = /<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescape = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

/**
 * `response_mode=form_post`: the provider's own page is English, untitled and unbranded. The same
 * hidden fields are posted to the application from Rekey's page in the user's language, submitted
 * by one hashed inline script, with a Continue button for a browser without JavaScript.
 */
export function rebrandFormPost(ctx: KoaContextWithOIDC): void {
  if (typeof ctx.body !== "string" || !ctx.body.includes(PROVIDER_PAGE)) return;
  const action = ACTION.exec(ctx.body)?.[1];
  if (action === undefined) return;
  const fields = [...ctx.body.matchAll(FIELD)].map(([, name, value]) => `<input type="hidden" name="${escapeHtml(unescape(name!))}" value="${escapeHtml(unescape(value!))}">`).join("");
  const language = pageLanguage(ctx.req.headers, ctx.oidc?.params?.ui_locales);
  const body = `<form method="post" action="${escapeHtml(unescape(action))}">${fields}<p>${escapeHtml(language.t("provider.returningText"))}</p><button class="primary" type="submit" autofocus>${escapeHtml(language.t("provider.continue"))}</button></form><script>${SUBMIT}</script>`;
  ctx.set("Content-Security-Policy", PROVIDER_CSP.replace("script-src ", `script-src ${SUBMIT_HASH} `));
  ctx.body = page(language, language.t("provider.returningTitle"), body);
}
