import { TOKEN_PAGE_REFERRER_POLICY } from "@/lib/http";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The reset cookie is SameSite=Lax, so a browser leaves it out of a POST that another site (the
 * external verifier) sends to /continue. This page re-sends the same fields from our own origin,
 * where the cookie goes along: automatically, or with the button when scripts are off. Only the
 * fields posted are echoed, escaped; the query stays on the form's action. The script carries the
 * request's CSP nonce (proxy.ts), the only way an inline script runs under our policy.
 */
export function continueBouncePage(productName: string, action: string, fields: Record<string, unknown>, nonce: string | null): string {
  const inputs = Object.entries(fields)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="${TOKEN_PAGE_REFERRER_POLICY}">
<title>Continue your password reset · ${escapeHtml(productName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2328}main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 1px 3px #0002;max-width:28rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}</style>
</head>
<body><main><h1>Continue your password reset</h1><p>You are back from the verification step.</p>
<form id="continue" method="post" action="${escapeHtml(action)}">${inputs}<button type="submit">Continue</button></form></main>
<script${nonce && /^[A-Za-z0-9+/=]+$/.test(nonce) ? ` nonce="${nonce}"` : ""}>document.getElementById("continue").submit();</script>
</body>
</html>`;
}
