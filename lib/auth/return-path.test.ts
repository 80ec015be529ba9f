import { describe, expect, it } from "vitest";
import { landingPathFor, safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps paths of this site", () => {
    expect(safeReturnPath("/account/security?x=1#top")).toBe("/account/security?x=1#top");
    expect(safeReturnPath("/admin/users/abc")).toBe("/admin/users/abc");
  });

  // Regression: /login?callbackUrl=/%09/evil.example sent a signed-in user to evil.example (the browser drops the tab).
  it("refuses every way out of the origin a browser would follow", () => {
    const hostile = ["/\t/evil.example/x", "/\n/evil.example", "//evil.example", "/\\evil.example", "/..//evil.example", "https://evil.example", "javascript:alert(1)", "\\\\evil.example", " /x", "", undefined, ["/a"]];
    for (const value of hostile) expect(safeReturnPath(value), JSON.stringify(value)).toBe("/signed-in");
  });

  it("lands an admin on the console and everyone else on their account", () => {
    expect(landingPathFor({ role: "admin" })).toBe("/admin");
    expect(landingPathFor({ role: "user" })).toBe("/account");
  });
});
