import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";

/**
 * Refuses a state-changing request sent from another site (CSRF). Browsers send Origin on every
 * POST; a request without it, or from another origin, or that the browser itself marks as
 * cross-site, is refused. Our public URL and the Host the request came to both count as us.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("CSRF_FAILED");
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") throw new AppError("CSRF_FAILED");
  const host = request.headers.get("host");
  const allowed = new Set([new URL(config().PUBLIC_URL).origin]);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (!allowed.has(origin)) throw new AppError("CSRF_FAILED");
}
