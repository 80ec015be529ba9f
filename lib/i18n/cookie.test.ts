import { describe, expect, it } from "vitest";
import { interactionOfUrl, speaksOnlyEnglish } from "./cookie";

describe("pages that speak English only", () => {
  it("are the admin console, the dev mailbox and the APIs", () => {
    for (const path of ["/admin", "/admin/users", "/dev/mail", "/api/v2/users"]) expect(speaksOnlyEnglish(path), path).toBe(true);
  });

  it("leave out sign-in, its second factor, sign-up, consent, /forbidden, /signed-in and the account pages, which are translated", () => {
    for (const path of ["/account", "/account/security", "/login", "/login/verify", "/signup", "/interaction/abc/consent", "/forbidden", "/signed-in", "/reset", "/accounts", "/administer"]) {
      expect(speaksOnlyEnglish(path), path).toBe(false);
    }
  });
});

describe("the sign-in a URL serves", () => {
  it("is read from callbackUrl, interaction= or the consent page's path", () => {
    expect(interactionOfUrl(new URL("http://x/login?callbackUrl=%2Finteraction%2Fuid_1"))).toBe("uid_1");
    expect(interactionOfUrl(new URL("http://x/reset?interaction=uid-2"))).toBe("uid-2");
    expect(interactionOfUrl(new URL("http://x/interaction/uid3/consent"))).toBe("uid3");
  });

  it("is nothing for anything else", () => {
    expect(interactionOfUrl(new URL("http://x/interaction/uid3/consent/more"))).toBeUndefined();
    expect(interactionOfUrl(new URL("http://x/interaction/a.b/consent"))).toBeUndefined();
    expect(interactionOfUrl(new URL("http://x/login?callbackUrl=%2Faccount"))).toBeUndefined();
    expect(interactionOfUrl(new URL(`http://x/interaction/${"a".repeat(65)}/consent`))).toBeUndefined();
  });
});
