import net from "node:net";
import type { TrustProxy } from "@/lib/config";
import { normalizeIp } from "./ip-address";

/**
 * The client's address, from the socket's and, where TRUST_PROXY says the socket is a proxy of
 * ours, from X-Forwarded-For read from the RIGHT: each proxy appends the address it was called
 * from, so the rightmost entries are the ones our proxies wrote and everything to their left is
 * whatever the client claimed. The walk stops at the first address not trusted to speak for the
 * one before it, and also at a malformed entry (the last trusted address is the answer then), so
 * neither a forged leftmost entry nor garbage ever becomes the client.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const socket = socketAddress ? normalizeIp(socketAddress) : undefined;
  if (!socket) return "unknown";
  if (trust.mode === "off") return socket;
  const trusted = trustCheck(trust);
  const chain = forwardedEntries(forwardedFor);
  let client = socket;
  for (let hop = 0; hop < chain.length && trusted(client, hop); hop++) {
    const claimed = normalizeIp(chain[hop]!);
    if (!claimed) break;
    client = claimed;
  }
  return client;
}

/** X-Forwarded-For entries, rightmost (nearest to us) first. Repeated headers are one list, in order. */
function forwardedEntries(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(",") : header).split(",").reverse();
}

type TrustCheck = (address: string, hop: number) => boolean;

const compiled = new WeakMap<TrustProxy, TrustCheck>();

function trustCheck(trust: Exclude<TrustProxy, { mode: "off" }>): TrustCheck {
  const known = compiled.get(trust);
  if (known) return known;
  let check: TrustCheck;
  if (trust.mode === "hops") {
    check = (_address, hop) => hop < trust.hops;
  } else {
    const proxies = new net.BlockList();
    for (const subnet of trust.subnets) proxies.addSubnet(subnet.address, subnet.prefix, subnet.family);
    check = (address) => proxies.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6");
  }
  compiled.set(trust, check);
  return check;
}
