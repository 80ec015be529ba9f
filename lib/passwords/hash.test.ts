import { argon2i, hash as argon2Hash } from "argon2";
import { beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { currentArgon2Params, dummyHash, dummyVerify, hashPassword, needsRehash, verifyPassword } from "./hash";

const FAST = { ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1", ARGON2_PARALLELISM: "1" };
// Set explicitly so overrideConfig never has to generate and write a development secret.
const SECRET = { AUTH_SECRET: "passwords-test-secret-0123456789abcdefghijklmnop" };

beforeEach(() => {
  overrideConfig({ ...SECRET, ...FAST });
});

describe("hashPassword / verifyPassword", () => {
  it("round-trips with argon2id at the configured parameters", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery staplE")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("verifies unicode passwords byte for byte", async () => {
    const hash = await hashPassword("pässwörd😀");
    expect(await verifyPassword(hash, "pässwörd😀")).toBe(true);
    expect(await verifyPassword(hash, "pa\u0308sswo\u0308rd😀")).toBe(false);
  });

  it("answers false, never throws, on malformed hashes", async () => {
    const good = await hashPassword("pw");
    const malformed = [
      "",
      "nope",
      "$argon2id$",
      good.slice(0, -10),
      good.replace("m=1024", "m=abc"),
      good.replace("m=1024", "m=1"),
      good.replace("$argon2id$", "$argon2x$"),
      "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
      undefined as unknown as string,
    ];
    for (const bad of malformed) {
      await expect(verifyPassword(bad, "pw"), String(bad)).resolves.toBe(false);
    }
  });

  it("refuses to run a stored hash that asks for absurd memory", async () => {
    const good = await hashPassword("pw");
    expect(await verifyPassword(good.replace("m=1024", "m=8388608"), "pw")).toBe(false);
  });

  it("caps the input at 1024 bytes", async () => {
    const hash = await hashPassword("x".repeat(1024));
    expect(await verifyPassword(hash, "x".repeat(1024))).toBe(true);
    await expect(hashPassword("x".repeat(1025))).rejects.toThrow(RangeError);
    await expect(hashPassword("é".repeat(513))).rejects.toThrow(RangeError);
    expect(await verifyPassword(hash, "x".repeat(2048))).toBe(false);
  });
});

describe("needsRehash", () => {
  it("is false for a hash made with the current parameters", async () => {
    expect(needsRehash(await hashPassword("pw"))).toBe(false);
  });

  it("is true once the configured cost changes", async () => {
    const hash = await hashPassword("pw");
    overrideConfig({ ...SECRET, ...FAST, ARGON2_TIME_COST: "2" });
    expect(needsRehash(hash)).toBe(true);
    overrideConfig({ ...SECRET, ...FAST, ARGON2_MEMORY_KIB: "2048" });
    expect(needsRehash(hash)).toBe(true);
    overrideConfig({ ...SECRET, ...FAST, ARGON2_PARALLELISM: "2" });
    expect(needsRehash(hash)).toBe(true);
    overrideConfig({ ...SECRET, ...FAST });
    expect(needsRehash(hash)).toBe(false);
  });

  it("is true for another argon2 variant and for malformed hashes", async () => {
    const legacy = await argon2Hash("pw", { type: argon2i, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword(legacy, "pw")).toBe(true);
    expect(needsRehash(legacy)).toBe(true);
    expect(needsRehash("")).toBe(true);
    expect(needsRehash("$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234")).toBe(true);
  });
});

describe("dummyVerify", () => {
  it("always answers false, whatever the password", async () => {
    expect(await dummyVerify("")).toBe(false);
    expect(await dummyVerify("correct horse battery staple")).toBe(false);
    expect(await dummyVerify("x".repeat(5000))).toBe(false);
  });

  it("verifies against a real hash at the current parameters, made once per parameter set", async () => {
    const first = await dummyHash();
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(needsRehash(first)).toBe(false);
    expect(await dummyHash()).toBe(first);
    overrideConfig({ ...SECRET, ...FAST, ARGON2_TIME_COST: "2" });
    const second = await dummyHash();
    expect(second).not.toBe(first);
    expect(second).toContain("t=2");
    expect(currentArgon2Params()).toEqual({ memoryCost: 1024, timeCost: 2, parallelism: 1 });
  });
});
