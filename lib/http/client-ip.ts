import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { config } from "@/lib/config";
import { processWide } from "@/lib/process-wide";
import { resolveClientAddress } from "./forwarded-for";

/**
 * Carries the client's address from server.ts to the pages and routes, which only see headers.
 * Its value is `<proof> <address>`: the proof is a random value of this process, so the header
 * counts only when our own server.ts wrote it into this request. A client's copy of the header is
 * overwritten there; under anything else that serves the app (`next start`) nobody can know the
 * proof, and a forged header gives no address at all.
 */
export const CLIENT_IP_HEADER = "x-rekey-client-ip";

function proof(): string {
  return processWide("client-ip-proof", () => crypto.randomBytes(24).toString("base64url"));
}

/** The header value that vouches for `address` in this process. */
export function sealClientIp(address: string): string {
  return `${proof()} ${address}`;
}

/** server.ts, for each request: replaces any client-sent header with the address it resolved. */
export function stampClientIp(req: IncomingMessage): void {
  const address = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config().TRUST_PROXY);
  req.headers[CLIENT_IP_HEADER] = sealClientIp(address);
}

/** The client's address as server.ts resolved it, or "unknown" when no trustworthy header is there. */
export function clientIp(headers: Headers): string {
  const value = headers.get(CLIENT_IP_HEADER);
  const space = value?.indexOf(" ") ?? -1;
  if (!value || space < 0) return "unknown";
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(proof());
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return "unknown";
  return value.slice(space + 1, space + 65) || "unknown";
}
