import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";

/**
 * Refuses a state-changing request sent from another site (CSRF). Browsers mark every request with
 * Sec-Fetch-Site, and send Origin on every POST; either saying "another site" is refused. A page
 * under a `no-referrer` policy (none of ours; a browser extension may impose one) makes the browser
 * send `Origin: null`, so there Sec-Fetch-Site alone decides; without either header, it is refused.
 * Our public URL and the Host the request came to both count as us.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") throw new AppError("CSRF_FAILED");
  const origin = request.headers.get("origin");
  if (origin === "null" && site === "same-origin") return;
  if (!origin || origin === "null") throw new AppError("CSRF_FAILED");
  const host = request.headers.get("host");
  const allowed = new Set([new URL(config().PUBLIC_URL).origin]);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (!allowed.has(origin)) throw new AppError("CSRF_FAILED");
}
