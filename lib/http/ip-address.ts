import net from "node:net";

/**
 * One address in the form every part of Rekey compares and stores: IPv6 in its canonical
 * compressed lower-case form without a zone, an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, what a
 * dual-stack socket reports for an IPv4 client) as the IPv4 address. Accepts the forms proxies
 * write in X-Forwarded-For (`[2001:db8::1]:443`, `1.2.3.4:5678`); anything else is undefined, so
 * a malformed entry never becomes a client.
 */
export function normalizeIp(raw: string): string | undefined {
  const address = withoutPort(raw.trim());
  const version = net.isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const canonical = new net.SocketAddress({ address: address.replace(/%.*$/, ""), family: "ipv6" }).address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
  return mapped ? mapped[1] : canonical;
}

function withoutPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/.exec(value);
  return v4WithPort ? v4WithPort[1]! : value;
}

/**
 * The key per-IP rate limits count under. One person (one home, one server) holds a whole IPv6
 * /64 and can pick a fresh address from it for every request, so IPv6 clients count by their /64.
 * Expects what normalizeIp (and so RequestContext.ip) gives; "unknown" stays "unknown".
 */
export function ipLimitKey(ip: string): string {
  if (net.isIP(ip) !== 6) return ip;
  const prefix = hextets(ip).slice(0, 4).map((h) => h.toString(16));
  return `${new net.SocketAddress({ address: `${prefix.join(":")}::`, family: "ipv6" }).address}/64`;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function hextets(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((h) => parseInt(h, 16));
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Whether a normalized address is this machine's loopback (127.0.0.0/8 or ::1). */
export function isLoopbackIp(ip: string): boolean {
  const version = net.isIP(ip);
  return version !== 0 && LOOPBACK.check(ip, version === 4 ? "ipv4" : "ipv6");
}
