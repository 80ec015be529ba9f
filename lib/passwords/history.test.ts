import { beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { hashPassword } from "./hash";
import { isInHistory } from "./history";

beforeAll(() => {
  overrideConfig({ AUTH_SECRET: "passwords-test-secret-0123456789abcdefghijklmnop", ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1" });
});

describe("isInHistory", () => {
  it("finds a password among the previous hashes", async () => {
    const hashes = await Promise.all(["first-Pass1", "second-Pass2", "third-Pass3"].map(hashPassword));
    expect(await isInHistory("second-Pass2", hashes)).toBe(true);
    expect(await isInHistory("third-Pass3", hashes, { concurrency: 1 })).toBe(true);
    expect(await isInHistory("fourth-Pass4", hashes)).toBe(false);
    expect(await isInHistory("Second-Pass2", hashes)).toBe(false);
  });

  it("is false for an empty history", async () => {
    expect(await isInHistory("anything", [])).toBe(false);
  });

  it("skips entries that are not valid hashes", async () => {
    const hashes = ["", "garbage", await hashPassword("kept-Pass1")];
    expect(await isInHistory("kept-Pass1", hashes, { concurrency: 3 })).toBe(true);
    expect(await isInHistory("other", hashes, { concurrency: 0 })).toBe(false);
  });
});
