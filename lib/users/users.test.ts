import { describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/passwords";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { expectFloodRefused } from "@/lib/testing/rate-limit-flood";
import { changeOwnPassword, createUser, defaultConnection, setUserPassword, signInWithPassword } from ".";
import { newSession } from "@/lib/sessions";
import { recordSignIn } from "./record-sign-in";

const STRONG = "Correct-Horse-42";

async function newUser(email = `u${Math.random().toString(36).slice(2)}@example.com`, password = STRONG) {
  const connection = await defaultConnection();
  return createUser({ email, password }, { connection, ctx: testRequestContext() });
}

describe.each(testDatabaseKinds())("users on %s", (kind) => {
  useTestDatabase(kind);

  it("signs up, stores only an argon2id hash, starts the history and logs ss", async () => {
    const connection = await defaultConnection();
    const user = await createUser({ email: "  Alice@Example.COM ", password: STRONG, name: "Alice" }, { connection, ctx: testRequestContext(), selfSignUp: true });
    const db = await prisma();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe("alice@example.com");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(STRONG);
    expect(await db.passwordHistory.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.logEvent.count({ where: { type: "ss", userId: user.id } })).toBe(1);
  });

  it("refuses a duplicate email with USER_EXISTS and writes nothing", async () => {
    const user = await newUser();
    const connection = await defaultConnection();
    const db = await prisma();
    const before = await db.user.count();
    await expect(createUser({ email: user.email!.toUpperCase(), password: STRONG }, { connection, ctx: testRequestContext() })).rejects.toMatchObject({ code: "USER_EXISTS" });
    expect(await db.user.count()).toBe(before);
  });

  it("refuses a weak password with the failing rule, and sign-up when disabled", async () => {
    const connection = await defaultConnection();
    await expect(createUser({ email: "weak@example.com", password: "short" }, { connection, ctx: testRequestContext() })).rejects.toMatchObject({
      code: "PASSWORD_POLICY",
      fields: { password: expect.any(String) },
    });
    await expect(
      createUser({ email: "nosignup@example.com", password: STRONG }, { connection: { ...connection, signupEnabled: false }, ctx: testRequestContext(), selfSignUp: true }),
    ).rejects.toMatchObject({ code: "SIGNUP_DISABLED" });
    const db = await prisma();
    expect(await db.user.count({ where: { email: { in: ["weak@example.com", "nosignup@example.com"] } } })).toBe(0);
    expect(await db.logEvent.count({ where: { type: "fs", userName: "nosignup@example.com" } })).toBe(1);
  });

  it("refuses a common password from the dictionary and one containing the email's local part", async () => {
    const connection = await defaultConnection();
    await expect(createUser({ email: "dict@example.com", password: "Password1" }, { connection, ctx: testRequestContext() })).rejects.toMatchObject({
      code: "PASSWORD_POLICY",
      data: { reasonCode: "dictionary" },
    });
    await expect(createUser({ email: "marguerite@example.com", password: "Marguerite-2024" }, { connection, ctx: testRequestContext() })).rejects.toMatchObject({
      code: "PASSWORD_POLICY",
      data: { reasonCode: "personal_info" },
    });
  });

  it("signs in by email, case-insensitively, and counts the login", async () => {
    const user = await newUser();
    const signed = await signInWithPassword(user.email!.toUpperCase(), STRONG, testRequestContext());
    expect(signed.id).toBe(user.id);
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).loginsCount).toBe(1);
    expect(await db.logEvent.count({ where: { type: "s", userId: user.id } })).toBe(1);
  });

  it("answers a wrong password and an unknown account alike (same code and message)", async () => {
    const user = await newUser();
    const wrong = await signInWithPassword(user.email!, "Wrong-Password-1", testRequestContext()).catch((e) => e);
    const unknown = await signInWithPassword("nobody@example.com", "Wrong-Password-1", testRequestContext()).catch((e) => e);
    expect(wrong).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(unknown).toMatchObject({ code: "INVALID_CREDENTIALS", message: wrong.message, status: wrong.status });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "fp", userId: user.id } })).toBe(1);
    expect(await db.logEvent.count({ where: { type: "fu", userName: "nobody@example.com" } })).toBe(1);
  });

  it("refuses a blocked user even with the right password", async () => {
    const user = await newUser();
    const db = await prisma();
    await db.user.update({ where: { id: user.id }, data: { blocked: true } });
    await expect(signInWithPassword(user.email!, STRONG, testRequestContext())).rejects.toMatchObject({ code: "USER_BLOCKED" });
  });

  it("locks an identifier after 10 failures from one IP, for known and unknown accounts alike", async () => {
    const user = await newUser();
    for (const identifier of [user.email!, "ghost@example.com"]) {
      const ctx = testRequestContext();
      for (let i = 0; i < 10; i++) {
        await expect(signInWithPassword(identifier, "Wrong-Password-1", ctx)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
      }
      const limited = await signInWithPassword(identifier, STRONG, ctx).catch((e) => e);
      expect(limited).toMatchObject({ code: "RATE_LIMITED", status: 429 });
      expect(limited.data.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Another IP is not locked out of the real account.
    await expect(signInWithPassword(user.email!, STRONG, testRequestContext())).resolves.toMatchObject({ id: user.id });
  });

  it("refuses one IP's flood of sign-ins on many identifiers past the per-IP limit: 429, the wait in words, Retry-After, limit_mu", async () => {
    const ctx = testRequestContext();
    // Hostile: every request at once, each guessing another identifier so no account limit is reached first.
    const refused = await expectFloodRefused("signInPerIp", {
      attempt: (i) => signInWithPassword(`guess${i}@example.com`, "Wrong-Password-1", ctx),
      otherwise: "INVALID_CREDENTIALS",
      tooMany: "sign-in attempts",
    });
    // Every refusal is in the tenant log, and no guess reached an account.
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "limit_mu", ip: ctx.ip } })).toBe(refused);
    expect(await db.logEvent.count({ where: { type: "s", ip: ctx.ip } })).toBe(0);
  });

  it("a successful sign-in records the IP and time, and forgives that IP's misses on the account", async () => {
    const user = await newUser();
    const ctx = testRequestContext();
    for (let i = 0; i < 9; i++) await expect(signInWithPassword(user.email!, "Wrong-Password-1", ctx)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    const before = Date.now();
    await signInWithPassword(user.email!, STRONG, ctx);
    const db = await prisma();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ lastIp: ctx.ip, loginsCount: 1 });
    expect(row.lastLogin!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const log = await db.logEvent.findFirstOrThrow({ where: { type: "s", userId: user.id } });
    expect(log).toMatchObject({ ip: ctx.ip, userName: user.email, description: "Success Login", details: {} });
    // Ten more misses are allowed again from this IP before the lock.
    for (let i = 0; i < 10; i++) await expect(signInWithPassword(user.email!, "Wrong-Password-1", ctx)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(signInWithPassword(user.email!, STRONG, ctx)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("never writes a rehash over a password changed since it was verified", async () => {
    const user = await newUser();
    const db = await prisma();
    const stale = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await db.user.update({ where: { id: user.id }, data: { passwordHash: "changed-meanwhile", passwordVersion: { increment: 1 } } });
    await recordSignIn({
      userId: user.id,
      passwordVersion: stale.passwordVersion,
      ip: "192.0.2.7",
      rehash: "$argon2id$v=19$m=2048,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
      accountIpLimitKey: `${user.email}|192.0.2.7`,
      session: newSession(user.id, { ip: "192.0.2.7" }),
      log: { type: "s", userId: user.id, userName: user.email },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordHash: "changed-meanwhile", loginsCount: 0 });
    // Nor does a session start for a password that is no longer the account's.
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("rehashes on sign-in when the argon2 parameters changed", async () => {
    const user = await newUser();
    const db = await prisma();
    overrideConfig({ ARGON2_MEMORY_KIB: "2048" });
    try {
      await signInWithPassword(user.email!, STRONG, testRequestContext());
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordHash).toContain("m=2048");
    } finally {
      overrideConfig({});
    }
  });

  it("every password write bumps the version, records history, logs scp and enqueues the notice email", async () => {
    const user = await newUser();
    const db = await prisma();
    const result = await setUserPassword({ userId: user.id, newPassword: "Another-Strong-7", reason: "admin", ctx: testRequestContext(), actor: "admin-test" });
    expect(result.passwordVersion).toBe(2);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordVersion).toBe(2);
    expect(await db.passwordHistory.count({ where: { userId: user.id } })).toBe(2);
    expect(await db.logEvent.count({ where: { type: "scp", userId: user.id } })).toBe(1);
    const jobs = await db.job.findMany({ where: { type: "email.send" } });
    expect(jobs.some((j) => JSON.stringify(j.payload).includes(user.email!))).toBe(true);
    await expect(signInWithPassword(user.email!, "Another-Strong-7", testRequestContext())).resolves.toMatchObject({ passwordVersion: 2 });
  });

  it("refuses a password from the history and writes nothing", async () => {
    const user = await newUser();
    const db = await prisma();
    await expect(setUserPassword({ userId: user.id, newPassword: STRONG, reason: "self", ctx: testRequestContext() })).rejects.toMatchObject({
      code: "PASSWORD_POLICY",
      data: { reasonCode: "history" },
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordVersion).toBe(1);
    expect(await db.logEvent.count({ where: { type: "fcp", userId: user.id } })).toBe(1);
  });

  it("of two concurrent changes exactly one wins", async () => {
    const user = await newUser();
    const results = await Promise.allSettled([
      setUserPassword({ userId: user.id, newPassword: "Racing-Password-1", reason: "self", ctx: testRequestContext() }),
      setUserPassword({ userId: user.id, newPassword: "Racing-Password-2", reason: "self", ctx: testRequestContext() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordVersion).toBe(2);
    expect(await db.passwordHistory.count({ where: { userId: user.id } })).toBe(2);
  });

  it("a user's own change needs the current password", async () => {
    const user = await newUser();
    await expect(changeOwnPassword(user.id, { currentPassword: "nope", newPassword: "Brand-New-Pass-9" }, testRequestContext())).rejects.toMatchObject({
      code: "WRONG_CURRENT_PASSWORD",
    });
    await expect(changeOwnPassword(user.id, { currentPassword: STRONG, newPassword: "Brand-New-Pass-9" }, testRequestContext())).resolves.toMatchObject({
      passwordVersion: 2,
    });
  });

  it("keeps at most 24 history entries", async () => {
    const user = await newUser();
    const db = await prisma();
    const hash = await hashPassword("filler");
    await db.passwordHistory.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ userId: user.id, hash, createdAt: new Date(Date.now() - (i + 1) * 60_000) })) });
    await setUserPassword({ userId: user.id, newPassword: "History-Trim-55", reason: "admin", ctx: testRequestContext() });
    expect(await db.passwordHistory.count({ where: { userId: user.id } })).toBe(24);
  });
});

describe("sign-in input", () => {
  it("refuses control characters in the identifier before anything touches the database", async () => {
    const { signInSchema } = await import("./schemas");
    for (const identifier of ["a\u0000b@example.com", "bob\u001f", "x\u007f"]) {
      expect(signInSchema.safeParse({ identifier, password: "x" }).success).toBe(false);
    }
    expect(signInSchema.safeParse({ identifier: "ünïcødé@example.com", password: "x" }).success).toBe(true);
  });
});
