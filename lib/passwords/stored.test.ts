import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { overrideConfig } from "@/lib/config";
import * as hash from "./hash";
import { storedFormOfCustomHash } from "./foreign";
import { verifyStoredPassword } from "./stored";

vi.mock("./hash", async (importOriginal) => {
  const real = await importOriginal<typeof import("./hash")>();
  return { ...real, dummyVerify: vi.fn(real.dummyVerify) };
});

beforeEach(() => {
  overrideConfig({ AUTH_SECRET: "stored-hash-test-secret-0123456789abcdefghijklmn", ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1", ARGON2_PARALLELISM: "1" });
  vi.mocked(hash.dummyVerify).mockClear();
});

describe("verifyStoredPassword timing class", () => {
  // Regression: an md5 import answered in microseconds, telling a stopwatch which accounts were imported.
  it("pays one argon2 verification for a cheap foreign hash, right or wrong password", async () => {
    const stored = storedFormOfCustomHash({ algorithm: "md5", hash: { value: createHash("md5").update("pw").digest("hex"), encoding: "hex" } });
    expect((await verifyStoredPassword(stored, "pw")).ok).toBe(true);
    expect((await verifyStoredPassword(stored, "nope")).ok).toBe(false);
    expect(await verifyStoredPassword("foreign:{broken", "nope")).toEqual({ ok: false, needsRehash: false });
    expect(vi.mocked(hash.dummyVerify)).toHaveBeenCalledTimes(3);
  });

  it("adds nothing to a native argon2id verification", async () => {
    const stored = await hash.hashPassword("pw");
    expect(await verifyStoredPassword(stored, "pw")).toEqual({ ok: true, needsRehash: false });
    expect(vi.mocked(hash.dummyVerify)).toHaveBeenCalledTimes(0);
  });
});

describe("verifyStoredPassword limits", () => {
  it("refuses a password longer than any policy allows without running the foreign algorithm", async () => {
    const { MAX_PASSWORD_BYTES } = await import("./policy");
    const long = "a".repeat(MAX_PASSWORD_BYTES + 1);
    const stored = storedFormOfCustomHash({ algorithm: "md5", hash: { value: createHash("md5").update(long).digest("hex"), encoding: "hex" } });
    expect(await verifyStoredPassword(stored, long)).toEqual({ ok: false, needsRehash: false });
  });
});
