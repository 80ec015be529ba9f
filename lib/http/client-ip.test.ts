import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { overrideConfig, parseConfig } from "@/lib/config";
import { clientIp, CLIENT_IP_HEADER, ipLimitKey, isLoopbackIp, normalizeIp, requestContextFrom, resolveClientAddress, sealClientIp, stampClientIp } from ".";

const SECRET = "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD";
const trust = (value: string) => parseConfig({ AUTH_SECRET: SECRET, TRUST_PROXY: value }).TRUST_PROXY;

describe("TRUST_PROXY", () => {
  it("is off by default, takes a number of hops, and `true` means one hop, never every hop", () => {
    expect(parseConfig({ AUTH_SECRET: SECRET }).TRUST_PROXY).toEqual({ mode: "off" });
    expect(trust("false")).toEqual({ mode: "off" });
    expect(trust("0")).toEqual({ mode: "off" });
    expect(trust("1")).toEqual({ mode: "hops", hops: 1 });
    expect(trust("true")).toEqual({ mode: "hops", hops: 1 });
    expect(trust("2")).toEqual({ mode: "hops", hops: 2 });
  });

  it("takes a list of proxy addresses, CIDR ranges and Express's range names", () => {
    expect(trust("10.0.0.0/8, 2001:db8::1, loopback")).toEqual({
      mode: "subnets",
      subnets: [
        { address: "10.0.0.0", prefix: 8, family: "ipv4" },
        { address: "2001:db8::1", prefix: 128, family: "ipv6" },
        { address: "127.0.0.0", prefix: 8, family: "ipv4" },
        { address: "::1", prefix: 128, family: "ipv6" },
      ],
    });
  });

  it("refuses at start what it cannot read, naming the entry", () => {
    for (const value of ["11", "10.0.0.0/33", "10.0.0/8", "proxy.internal", "10.0.0.1,", "::1/129", "all"]) {
      expect(() => trust(value), value).toThrow(/TRUST_PROXY/);
    }
    expect(() => trust("10.0.0.0/8,nginx")).toThrow(/"nginx" is not/);
  });
});

describe("the client address behind proxies", () => {
  it("without TRUST_PROXY is the socket's, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.9", "198.51.100.1", trust("false"))).toBe("203.0.113.9");
  });

  // Regression: TRUST_PROXY=true took the leftmost X-Forwarded-For entry, which the client writes,
  // so every request behind an appending proxy could name a fresh IP and pass every per-IP limit.
  it("with one hop is the entry our proxy appended: a client's own entries to its left are ignored", () => {
    const oneHop = trust("1");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7", oneHop)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", "1.1.1.1, 2.2.2.2, 198.51.100.7", oneHop)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", ["1.1.1.1", "198.51.100.7"], oneHop)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.2", undefined, oneHop)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "1.1.1.1, 198.51.100.7", trust("true"))).toBe("198.51.100.7");
  });

  it("with two hops (a CDN, then a load balancer) is the entry the CDN appended", () => {
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 192.0.2.50", trust("2"))).toBe("198.51.100.7");
  });

  it("with trusted ranges walks from the right past our proxies to the first other address", () => {
    const proxies = trust("10.0.0.0/8, 192.0.2.50");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 192.0.2.50", proxies)).toBe("198.51.100.7");
    // A client that claims to be one of our proxies is still only believed up to its own address.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 10.9.9.9, 198.51.100.7", proxies)).toBe("198.51.100.7");
    // Connected directly (not through a proxy of ours): its X-Forwarded-For means nothing.
    expect(resolveClientAddress("198.51.100.7", "6.6.6.6", proxies)).toBe("198.51.100.7");
    // Every hop ours (a request from inside): the leftmost.
    expect(resolveClientAddress("10.0.0.2", "10.0.0.3", proxies)).toBe("10.0.0.3");
  });

  it("never makes a malformed entry the client: the nearest trusted address answers instead", () => {
    for (const garbage of ["", "not-an-ip", "1.2.3.4.5", "999.1.1.1", "1.2.3.4, <script>", "unknown", "01.2.3.4", "::1::2"]) {
      expect(resolveClientAddress("10.0.0.2", garbage, trust("1")), garbage).toBe("10.0.0.2");
    }
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, garbage, 198.51.100.7", trust("3"))).toBe("198.51.100.7");
    expect(resolveClientAddress(undefined, "198.51.100.7", trust("1"))).toBe("unknown");
  });

  it("reads the forms proxies write: ports, brackets, IPv4-mapped IPv6", () => {
    expect(resolveClientAddress("::ffff:10.0.0.2", "[2001:DB8:0:0::7]:443", trust("10.0.0.0/8"))).toBe("2001:db8::7");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7:5123", trust("1"))).toBe("198.51.100.7");
    expect(resolveClientAddress("::ffff:198.51.100.7", undefined, trust("false"))).toBe("198.51.100.7");
  });
});

describe("addresses", () => {
  it("are normalized so one client has one spelling", () => {
    expect(normalizeIp("::FFFF:0102:0304")).toBe("1.2.3.4");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("2001:0db8:0000::0001")).toBe("2001:db8::1");
    expect(normalizeIp("1.2.3")).toBeUndefined();
  });

  // Regression: every address of one IPv6 /64 was a fresh client for the per-IP limits.
  it("count IPv6 clients by their /64 and IPv4 clients by their address", () => {
    expect(ipLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8::1")).toBe("2001:db8::/64");
    expect(ipLimitKey("::1")).toBe("::/64");
    expect(ipLimitKey("64:ff9b:0:0:1::")).toBe("64:ff9b::/64");
    expect(ipLimitKey("2001:db8:0:1::1.2.3.4")).toBe("2001:db8:0:1::/64");
    expect(ipLimitKey("198.51.100.7")).toBe("198.51.100.7");
    expect(ipLimitKey("unknown")).toBe("unknown");
  });

  it("know loopback", () => {
    expect(["127.0.0.1", "127.9.9.9", "::1"].map(isLoopbackIp)).toEqual([true, true, true]);
    expect(["10.0.0.1", "::2", "unknown", ""].map(isLoopbackIp)).toEqual([false, false, false, false]);
  });
});

describe("the client address header", () => {
  afterEach(() => {
    overrideConfig({});
  });

  // Regression: any client could send X-Rekey-Client-IP to an app not started by server.ts (`next
  // start`) and choose its own address for every per-IP limit.
  it("counts only when this process's server.ts wrote it", () => {
    const forged = new Headers({ [CLIENT_IP_HEADER]: "198.51.100.7" });
    expect(clientIp(forged)).toBe("unknown");
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: "not-the-proof 198.51.100.7" }))).toBe("unknown");
    expect(clientIp(new Headers())).toBe("unknown");
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: sealClientIp("198.51.100.7") }))).toBe("198.51.100.7");
    expect(requestContextFrom(new Headers({ [CLIENT_IP_HEADER]: sealClientIp("2001:db8::1") })).ip).toBe("2001:db8::1");
  });

  it("is overwritten by server.ts whatever the client sent, with the address TRUST_PROXY resolves", () => {
    overrideConfig({ TRUST_PROXY: "1" });
    const req = {
      socket: { remoteAddress: "::ffff:10.0.0.2" },
      headers: { [CLIENT_IP_HEADER]: sealClientIp("6.6.6.6"), "x-forwarded-for": "6.6.6.6, 198.51.100.7" },
    } as unknown as IncomingMessage;
    stampClientIp(req);
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: req.headers[CLIENT_IP_HEADER] as string }))).toBe("198.51.100.7");
  });
});
