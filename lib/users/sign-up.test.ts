import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { handleForm } from "@/lib/http";
import * as passwords from "@/lib/passwords";
import { RATE_LIMIT_POLICIES } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { signUp, signUpSchema } from ".";

// Counts argon2 hashes, to show a refused sign-up never reaches one.
vi.mock("@/lib/passwords", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/passwords")>();
  return { ...original, hashPassword: vi.fn(original.hashPassword) };
});

const STRONG = "Sign-Up-Journey-77";

function email(): string {
  return `s${Math.random().toString(36).slice(2)}@example.com`;
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

describe.each(testDatabaseKinds())("sign-up on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: nothing called signUpPerIp, so one IP made 25 of 25 accounts (25 argon2 hashes)
  // and could ask USER_EXISTS about any number of addresses.
  it("refuses the 11th sign-up from one IP in a burst before any hash or lookup; another IP still signs up", async () => {
    const ctx = testRequestContext();
    const burst = RATE_LIMIT_POLICIES.signUpPerIp.burst;
    const taken = email();
    await signUp({ email: taken, password: STRONG }, ctx);
    for (let i = 1; i < burst; i++) await signUp({ email: email(), password: STRONG }, ctx);

    const db = await prisma();
    const users = await db.user.count();
    const hashes = vi.mocked(passwords.hashPassword).mock.calls.length;
    const refused = { email: email(), password: STRONG };
    await expect(signUp(refused, ctx)).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429, data: { retryAfterSeconds: expect.any(Number) } });
    // The existence oracle is limited too: a taken address gets the same refusal, not USER_EXISTS.
    await expect(signUp({ email: taken, password: STRONG }, ctx)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(vi.mocked(passwords.hashPassword).mock.calls.length).toBe(hashes);
    expect(await db.user.count()).toBe(users);
    expect(await db.logEvent.count({ where: { type: "limit_mu", ip: ctx.ip } })).toBe(2);

    await expect(signUp(refused, testRequestContext())).resolves.toEqual({ id: expect.any(String) });
    expect(await db.user.count()).toBe(users + 1);
  });

  // Regression: a NUL in the sign-up name reached the insert, and the form answered INTERNAL (a 500).
  it("the sign-up form refuses control characters in the name with a field error, and writes nothing", async () => {
    const db = await prisma();
    const before = await db.user.count();
    const ctx = testRequestContext();
    for (const name of ["Al\u0000ice", "Bob\u001b[31m", "C\u0085arol"]) {
      const state = await handleForm(signUpSchema, form({ email: email(), password: STRONG, name }), async (input) => {
        await signUp(input, ctx);
      });
      expect(state).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { name: "A name cannot contain control characters." } });
    }
    expect(await db.user.count()).toBe(before);
    const ok = await handleForm(signUpSchema, form({ email: email(), password: STRONG, name: "  Zoë O'Brien  " }), async (input) => {
      await signUp(input, ctx);
    });
    expect(ok).toEqual({ ok: true });
    expect(await db.user.count({ where: { name: "Zoë O'Brien" } })).toBe(1);
  });
});
