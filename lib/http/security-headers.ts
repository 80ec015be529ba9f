/** Paths whose URLs may carry a one-time secret (a reset ticket, a `/continue` state). */
const TOKEN_PATHS = /^\/(reset|continue)(\/|$)/;

/**
 * The referrer policy of the token paths. `same-origin` sends no Referer at all to another origin,
 * so a ticket in the URL never leaks to an external site, yet the browser's form POSTs to us still
 * carry our real Origin. `no-referrer` would make every form POST of these pages say
 * `Origin: null` (Fetch: a non-GET request under no-referrer serializes its origin as null), which
 * Next.js refuses as a cross-site server action, so the forms failed without JavaScript.
 */
export const TOKEN_PAGE_REFERRER_POLICY = "same-origin";

/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next.js
 * puts it on its own scripts), nothing may frame us, no plugins, no <base> hijack. Styles allow
 * inline because React style attributes and the emails shown in the dev mailbox use them; styles
 * cannot run code. `form-action` is left open on purpose: a post-challenge Action may send the
 * browser to an external verifier right after a form POST, and browsers apply form-action to
 * that redirect.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response gets, besides the CSP. */
export function securityHeaders(pathname: string, options: { https: boolean }): [string, string][] {
  return [
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", TOKEN_PATHS.test(pathname) ? TOKEN_PAGE_REFERRER_POLICY : "strict-origin-when-cross-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
    ...(options.https ? ([["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]] as [string, string][]) : []),
  ];
}
