import net from "node:net";

export type TrustedSubnet = { address: string; prefix: number; family: "ipv4" | "ipv6" };

/**
 * Which proxies may tell Rekey who the client is (TRUST_PROXY), as Express's `trust proxy`:
 * - `off`: the socket's address is the client; X-Forwarded-For is ignored.
 * - `hops`: the last `hops` addresses (the socket's, then X-Forwarded-For from the right) are our
 *   own proxies; the address before them is the client. One proxy that appends: 1.
 * - `subnets`: addresses in these ranges are our proxies; walking from the socket leftwards through
 *   X-Forwarded-For, the first address outside them is the client.
 */
export type TrustProxy = { mode: "off" } | { mode: "hops"; hops: number } | { mode: "subnets"; subnets: TrustedSubnet[] };

/** @default 10: more proxies than any real chain; a bigger number is a typo. */
export const MAX_TRUSTED_HOPS = 10;

/** Express's names for the private ranges a proxy usually sits in. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

const OFF = ["false", "0", "no", "off"];
// `true` used to mean "believe the leftmost X-Forwarded-For entry", which the client writes. It now
// means one hop: the address our own proxy appended. Trusting every hop is not offered at all.
const ONE_HOP = ["true", "yes", "on"];

/** Parses TRUST_PROXY; a string answer is why the value was refused. */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const value = raw.trim().toLowerCase();
  if (OFF.includes(value)) return { mode: "off" };
  if (ONE_HOP.includes(value)) return { mode: "hops", hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_TRUSTED_HOPS ? { mode: "hops", hops } : `at most ${MAX_TRUSTED_HOPS} hops (the number of proxies in front of Rekey)`;
  }
  const subnets: TrustedSubnet[] = [];
  for (const entry of value.split(",").map((e) => e.trim())) {
    for (const range of NAMED_RANGES[entry] ?? [entry]) {
      const subnet = parseSubnet(range);
      if (!subnet) {
        return `"${entry}" is not a number of hops, an IP address, a CIDR range such as 10.0.0.0/8, or one of ${Object.keys(NAMED_RANGES).join(", ")}`;
      }
      subnets.push(subnet);
    }
  }
  return { mode: "subnets", subnets };
}

function parseSubnet(range: string): TrustedSubnet | undefined {
  const [address = "", prefixText, extra] = range.split("/");
  const version = net.isIP(address);
  if (version === 0 || extra !== undefined || address.includes("%")) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}
