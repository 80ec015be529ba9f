import { beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { enforcePasswordPolicy } from "./enforce";
import { hashPassword } from "./hash";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicySettings } from "./policy";

beforeAll(() => {
  overrideConfig({ AUTH_SECRET: "passwords-test-secret-0123456789abcdefghijklmnop", ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1" });
});

const settings: PasswordPolicySettings = { ...DEFAULT_PASSWORD_POLICY, historySize: 2 };
const personal = { email: "jane.doe@example.com", name: "Jane Doe" };

describe("enforcePasswordPolicy", () => {
  it("accepts a strong, uncommon, impersonal, new password", async () => {
    const outcome = await enforcePasswordPolicy("Violet-Harbor-42", settings, personal, []);
    expect(outcome.ok).toBe(true);
    expect(outcome.failure).toBeNull();
    expect(outcome.rules.map((r) => r.code)).toContain("dictionary");
  });

  it("reports strength first", async () => {
    expect((await enforcePasswordPolicy("short", settings, personal)).failure).toBe("strength");
  });

  it("uses the common-password list on the server", async () => {
    const outcome = await enforcePasswordPolicy("Password1", settings, personal);
    expect(outcome).toMatchObject({ ok: false, failure: "dictionary" });
    expect((await enforcePasswordPolicy("Password1", { ...settings, dictionary: false }, personal)).ok).toBe(true);
  });

  it("refuses personal info", async () => {
    expect((await enforcePasswordPolicy("Jane-Harbor-42", settings, personal)).failure).toBe("personal_info");
  });

  it("refuses a password among the last historySize hashes, not older ones", async () => {
    const newestFirst = await Promise.all(["Newest-Pass-1", "Older-Pass-2", "Oldest-Pass-3"].map(hashPassword));
    expect(await enforcePasswordPolicy("Older-Pass-2", settings, personal, newestFirst)).toMatchObject({ ok: false, failure: "history" });
    expect((await enforcePasswordPolicy("Oldest-Pass-3", settings, personal, newestFirst)).ok).toBe(true);
    expect((await enforcePasswordPolicy("Older-Pass-2", { ...settings, historySize: 0 }, personal, newestFirst)).ok).toBe(true);
  });
});
