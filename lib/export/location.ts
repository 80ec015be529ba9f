import { config } from "@/lib/config";
import { keyedHash, timingSafeEqualString } from "@/lib/security";

/** @default 3600 s: how long a location URL from GET /api/v2/jobs/{id} downloads (Auth0's are signed and expire too). */
export const EXPORT_LOCATION_SECONDS = 3600;

function signature(id: string, expires: number): string {
  return keyedHash(`users-export:${id}:${expires}`, config().AUTH_SECRET);
}

/**
 * The export's download URL: signed and expiring, so it works without a bearer token (curl, a
 * browser) as Auth0's does, and nothing about it is stored.
 */
export function exportLocation(id: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + EXPORT_LOCATION_SECONDS;
  return `${config().PUBLIC_URL}/api/v2/jobs/${encodeURIComponent(id)}/download?expires=${expires}&signature=${signature(id, expires)}`;
}

/** Whether a download's `expires` and `signature` were made by exportLocation for this id and still hold. */
export function isValidExportLocation(id: string, expires: string | null, sig: string | null, now = Date.now()): boolean {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires)) return false;
  const at = Number(expires);
  if (at * 1000 < now) return false;
  return timingSafeEqualString(signature(id, at), sig);
}
