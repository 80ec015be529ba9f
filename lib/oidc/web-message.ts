import type { KoaContextWithOIDC } from "oidc-provider";

/** An origin as a CSP source: scheme, host and port only, nothing a directive could be broken with. */
const ORIGIN = /^https?:\/\/[a-z0-9.\-[\]:]+$/i;

/**
 * `response_mode=web_message` (Auth0's silent authentication from auth0-spa-js: /authorize in a
 * hidden iframe, the answer posted to the application's window). The provider's page posts only
 * to the redirect URI's origin, but drops `frame-ancestors` altogether; as in Auth0, only the
 * application's Allowed Web Origins may frame it (none: no one).
 */
export function frameOnlyByWebOrigins(ctx: KoaContextWithOIDC): void {
  if (!String(ctx.oidc?.params?.response_mode ?? "").startsWith("web_message")) return;
  const csp = ctx.response.get("Content-Security-Policy");
  if (!csp || csp.includes("frame-ancestors")) return;
  const origins = ((ctx.oidc?.client as unknown as { rekey_web_origins?: unknown } | undefined)?.rekey_web_origins ?? []) as unknown[];
  const allowed = origins.filter((o): o is string => typeof o === "string" && ORIGIN.test(o));
  ctx.set("Content-Security-Policy", `${csp.replace(/;\s*$/, "")}; frame-ancestors ${allowed.length ? allowed.join(" ") : "'none'"}`);
}
