import { describe, expect, it } from "vitest";
import { liveChecklist, serverChecklist } from "./checklist";
import { checkPassword, DEFAULT_PASSWORD_POLICY } from "./policy";

const policy = DEFAULT_PASSWORD_POLICY;

describe("liveChecklist", () => {
  it("shows no rule as met or unmet before anything is typed", () => {
    expect(liveChecklist("", policy).map((r) => r.state)).toEqual(liveChecklist("", policy).map(() => "unchecked"));
  });

  it("lists the dictionary and personal-data rules as checked on save, never as met", () => {
    const rules = liveChecklist("Xdemo@example.com9", policy);
    expect(rules.find((r) => r.code === "dictionary")?.state).toBe("on-save");
    expect(rules.find((r) => r.code === "personal_info")?.state).toBe("on-save");
    expect(rules.find((r) => r.code === "min_length")?.state).toBe("met");
    // The server refuses that value: the checklist must not have claimed otherwise.
    const server = checkPassword("Xdemo@example.com9", policy, { email: "demo@example.com" });
    expect(server.rules.find((r) => r.code === "personal_info")?.verified).toBe(false);
  });

  it("omits server-only rules the policy turns off", () => {
    const codes = liveChecklist("abc", { ...policy, dictionary: false, noPersonalInfo: false }).map((r) => r.code);
    expect(codes).not.toContain("dictionary");
    expect(codes).not.toContain("personal_info");
  });

  it("speaks of the user, not of the admin, on the admin's forms", () => {
    const personal = liveChecklist("a", policy, "other").find((r) => r.code === "personal_info");
    expect(personal?.message).toContain("the user's name");
    expect(personal?.message).not.toContain("your");
  });
});

describe("serverChecklist", () => {
  it("gives the server's verdict for every rule, in the audience's words", () => {
    const rules = serverChecklist([{ code: "personal_info", message: "Does not contain your name", verified: false }], "other");
    expect(rules).toEqual([{ code: "personal_info", message: expect.stringContaining("the user's name"), state: "unmet" }]);
  });
});
