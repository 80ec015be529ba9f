import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("the CSP allows scripts only with the nonce and forbids framing", () => {
    const csp = contentSecurityPolicy("abc123", { development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("x", { development: true })).toContain("'unsafe-eval'");
  });

  // Regression: no-referrer made the reset pages' form POSTs say Origin: null, and Next.js refused them.
  it("no referrer leaves the reset pages for another origin, yet their POSTs keep a real Origin; HSTS only over HTTPS", () => {
    const headers = (path: string, https: boolean) => Object.fromEntries(securityHeaders(path, { https }));
    expect(headers("/reset/verify", false)["Referrer-Policy"]).toBe("same-origin");
    expect(headers("/reset", false)["Referrer-Policy"]).toBe("same-origin");
    expect(headers("/continue", false)["Referrer-Policy"]).toBe("same-origin");
    expect(headers("/login", false)["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers("/resetx", false)["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers("/login", false)).not.toHaveProperty("Strict-Transport-Security");
    expect(headers("/login", true)["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(headers("/login", false)["X-Content-Type-Options"]).toBe("nosniff");
  });
});
