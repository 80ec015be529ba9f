import { config } from "@/lib/config";

/**
 * Set by our server from the socket's address after removing any copy a client sent, so it can be
 * trusted; X-Forwarded-For is believed only when TRUST_PROXY says a proxy of ours sets it.
 */
export const CLIENT_IP_HEADER = "x-rekey-client-ip";

export function clientIp(headers: Headers): string {
  if (config().TRUST_PROXY) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return headers.get(CLIENT_IP_HEADER)?.slice(0, 64) || "unknown";
}
