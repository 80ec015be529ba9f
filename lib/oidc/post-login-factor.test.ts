import { describe, expect, it } from "vitest";
import { browserRemembered, multifactorMet, planFactorStep, rememberBrowserCookie, REMEMBER_BROWSER_SECONDS } from "./post-login-factor";

const request = (mode: "challengeWith" | "challengeWithAny" | "enrollWith" | "enrollWithAny", ...factors: string[]) => ({ kind: "request" as const, action: "10-mfa.js", mode, factors });
const multifactor = (provider: string) => ({ kind: "multifactor" as const, provider, allowRememberBrowser: false });

describe("planFactorStep (Auth0's factor rules on the user's enrolled factors)", () => {
  it("challengeWith offers the requested factors the user has, in the order asked", () => {
    expect(planFactorStep(request("challengeWithAny", "phone", "otp", "email"), ["otp", "email"])).toEqual({ reason: "second_factor", factors: ["otp", "email"] });
  });
  it("refuses, with a reason naming the Action, when the user has none of them or only push was asked", () => {
    expect(planFactorStep(request("challengeWith", "phone"), ["otp"])).toEqual({ refuse: expect.stringContaining("none of these factors") });
    expect(planFactorStep(request("challengeWith", "push-notification"), ["otp"])).toEqual({ refuse: expect.stringMatching(/10-mfa\.js.*push-notification is not available/) });
  });
  it("enrollWith sets up what the sign-in can for this user, challenges one the user has, and refuses the others", () => {
    const settable = ["otp", "email", "phone"] as const;
    expect(planFactorStep(request("enrollWith", "otp"), [], settable)).toEqual({ reason: "enroll_factor", factors: ["otp"] });
    expect(planFactorStep(request("enrollWith", "email"), [], settable)).toEqual({ reason: "enroll_factor", factors: ["email"] });
    expect(planFactorStep(request("enrollWithAny", "phone", "otp"), [], settable)).toEqual({ reason: "enroll_factor", factors: ["phone", "otp"] });
    expect(planFactorStep(request("enrollWithAny", "webauthn-roaming", "otp"), ["otp"], settable)).toEqual({ reason: "second_factor", factors: ["otp"] });
    expect(planFactorStep(request("enrollWith", "phone"), ["phone", "email"], settable)).toEqual({ reason: "second_factor", factors: ["phone"] });
    // No address: email codes cannot be set up; a security key is set up on the account page.
    expect(planFactorStep(request("enrollWith", "email"), [], ["otp", "phone"])).toEqual({ refuse: expect.stringContaining("can set up otp, phone for this user") });
    expect(planFactorStep(request("enrollWith", "webauthn-roaming"), [], settable)).toEqual({ refuse: expect.stringContaining("10-mfa.js") });
  });
  it("multifactor.enable: any enrolled factor, the app for google-authenticator, enrolment without one, never duo", () => {
    expect(planFactorStep(multifactor("any"), ["webauthn-roaming", "otp"])).toEqual({ reason: "second_factor", factors: ["webauthn-roaming", "otp"] });
    expect(planFactorStep(multifactor("google-authenticator"), ["webauthn-roaming", "otp"])).toEqual({ reason: "second_factor", factors: ["otp"] });
    expect(planFactorStep(multifactor("guardian"), [])).toEqual({ reason: "enroll_factor", factors: ["otp"] });
    expect(planFactorStep(multifactor("duo"), ["otp"])).toEqual({ refuse: expect.stringContaining("Duo") });
  });
});

describe("multifactorMet", () => {
  it("a factor of this transaction or the session's mfa meets it; google-authenticator wants the app", () => {
    expect(multifactorMet("any", [], ["pwd"])).toBe(false);
    expect(multifactorMet("any", ["email"], ["pwd"])).toBe(true);
    expect(multifactorMet("any", [], ["pwd", "hwk", "mfa"])).toBe(true);
    expect(multifactorMet("google-authenticator", ["email"], ["pwd", "hwk", "mfa"])).toBe(false);
    expect(multifactorMet("google-authenticator", ["otp"], ["pwd"])).toBe(true);
    expect(multifactorMet("none", [], [])).toBe(true);
  });
});

describe("allowRememberBrowser's cookie", () => {
  const valueOf = (cookie: string) => cookie.split(";")[0]!;
  it("remembers this user at this session version for 30 days, and nothing else", () => {
    const now = Date.now();
    const cookie = rememberBrowserCookie("u1", 3, now);
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
    expect(cookie).toContain(`Max-Age=${REMEMBER_BROWSER_SECONDS}`);
    const header = `a=b; ${valueOf(cookie)}`;
    expect(browserRemembered(header, "u1", 3, now + 1000)).toBe(true);
    expect(browserRemembered(header, "u2", 3, now)).toBe(false);
    expect(browserRemembered(header, "u1", 4, now)).toBe(false);
    expect(browserRemembered(header, "u1", 3, now + REMEMBER_BROWSER_SECONDS * 1000 + 1)).toBe(false);
  });
  it("a tampered or foreign value is not remembered (and does not throw)", () => {
    const [name, value] = valueOf(rememberBrowserCookie("u1", 3)).split("=");
    // A character inside the signature: the last one may differ only in bits base64url ignores.
    const middle = Math.floor(value!.length * 0.75);
    const tampered = value!.slice(0, middle) + (value![middle] === "A" ? "B" : "A") + value!.slice(middle + 1);
    expect(browserRemembered(`${name}=${tampered}`, "u1", 3)).toBe(false);
    expect(browserRemembered(`${name}=%00`, "u1", 3)).toBe(false);
    expect(browserRemembered(undefined, "u1", 3)).toBe(false);
  });
});
