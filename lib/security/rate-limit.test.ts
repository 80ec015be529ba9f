import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { consumeRateLimit, consumeRateLimitsInOrder, resetRateLimit } from "./rate-limit";
import { RATE_LIMIT_POLICIES } from "./rate-limit-policies";
import type { AppError } from "@/lib/errors";
import { assertRateLimit, refuseIfLimited, type TooManyKind } from "./assert-rate-limit";
import { waitOf } from "./format-wait";

describe.each(testDatabaseKinds())("rate limits on %s", (kind) => {
  useTestDatabase(kind);

  it("allows the burst, refuses the next without taking a token, and refills with time", async () => {
    const key = `k-${Math.random()}`;
    const burst = RATE_LIMIT_POLICIES.resetRequestPerIpIdentifier.burst;
    const results = [];
    for (let i = 0; i < burst + 3; i++) results.push(await consumeRateLimit("resetRequestPerIpIdentifier", key));
    expect(results.filter((r) => r.allowed)).toHaveLength(burst);
    const refused = results.at(-1)!;
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);

    // Two minutes pass (moved in the database rather than waited for): two more attempts.
    const db = await prisma();
    await db.$executeRaw`UPDATE rate_limit_buckets SET updated_at = updated_at - interval '120 seconds' WHERE key = ${`resetRequestPerIpIdentifier:${key}`}`;
    expect((await consumeRateLimit("resetRequestPerIpIdentifier", key)).allowed).toBe(true);
    expect((await consumeRateLimit("resetRequestPerIpIdentifier", key)).allowed).toBe(true);
    expect((await consumeRateLimit("resetRequestPerIpIdentifier", key)).allowed).toBe(false);

    await resetRateLimit("resetRequestPerIpIdentifier", key);
    expect((await consumeRateLimit("resetRequestPerIpIdentifier", key)).allowed).toBe(true);
  });

  it("holds under concurrency: 30 parallel attempts on a burst of 10 let exactly 10 through", async () => {
    const key = `c-${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 30 }, () => consumeRateLimit("signInPerAccountIp", key)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it("in order: a later bucket is tried only while every earlier one allows, in one statement", async () => {
    const ip = `ip-${Math.random()}`;
    const account = `acct-${Math.random()}`;
    const attempts = [
      { policy: "signInPerAccountIp", key: ip },
      { policy: "signInPerAccount", key: account },
    ] as const;
    const first = await consumeRateLimitsInOrder(attempts);
    expect(first.map((r) => r?.allowed)).toEqual([true, true]);
    expect(first.map((r) => r?.remaining)).toEqual([9, 49]);

    // The first bucket runs out after its burst of 10; from then on the second is not touched.
    for (let i = 0; i < 12; i++) await consumeRateLimitsInOrder(attempts);
    const refused = await consumeRateLimitsInOrder(attempts);
    expect(refused[0]).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused[1]).toBeUndefined();
    const db = await prisma();
    const accountBucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `signInPerAccount:${account}` } });
    expect(Math.round(accountBucket.tokens)).toBe(40);

    // Under concurrency too: 30 parallel attempts let exactly 10 through the first bucket, and
    // only those 10 reach the second.
    const other = { ip: `ip-${Math.random()}`, account: `acct-${Math.random()}` };
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        consumeRateLimitsInOrder([
          { policy: "signInPerAccountIp", key: other.ip },
          { policy: "signInPerAccount", key: other.account },
        ]),
      ),
    );
    expect(results.filter(([ipLimit]) => ipLimit!.allowed)).toHaveLength(10);
    expect(results.filter(([, accountLimit]) => accountLimit !== undefined)).toHaveLength(10);
    expect(Math.round((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `signInPerAccount:${other.account}` } })).tokens)).toBe(40);
  });

  it("assertRateLimit passes the burst, then logs the refusal once and throws RATE_LIMITED with the wait", async () => {
    const key = `a-${Math.random()}`;
    const logged: number[] = [];
    const log = async (limit: { retryAfterSeconds: number }) => void logged.push(limit.retryAfterSeconds);
    for (let i = 0; i < 10; i++) await expect(assertRateLimit("signInPerAccountIp", key, log, { tooMany: "signInAttempts" })).resolves.toMatchObject({ allowed: true });
    expect(logged).toEqual([]);
    const refusal = assertRateLimit("signInPerAccountIp", key, log, { tooMany: "signInAttempts" });
    await expect(refusal).rejects.toMatchObject({ name: "AppError", code: "RATE_LIMITED", status: 429 });
    const error = await refusal.catch((e: { message: string; data: unknown }) => e);
    const wait = logged[0]! < 60 ? { unit: "second", count: logged[0] } : { unit: "minute", count: 1 };
    const words = wait.unit === "second" ? `${wait.count} ${wait.count === 1 ? "second" : "seconds"}` : "1 minute";
    expect(error).toMatchObject({
      message: `Too many sign-in attempts. Try again in ${words}.`,
      messageId: { id: "limits.tooMany", values: { what: "signInAttempts", ...wait } },
      data: { retryAfterSeconds: logged[0] },
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toBeGreaterThan(0);
    // No `tooMany`: the code's own message; another code when the caller names one.
    await expect(assertRateLimit("signInPerAccountIp", key)).rejects.toMatchObject({ code: "RATE_LIMITED", message: "Too many attempts. Try again later." });
    await expect(assertRateLimit("signInPerAccountIp", key, undefined, { code: "SMS_UNAVAILABLE", data: { limit: 10 } })).rejects.toMatchObject({ code: "SMS_UNAVAILABLE", data: { retryAfterSeconds: expect.any(Number), limit: 10 } });
  });

  it("refuseIfLimited lets an allowed result through without logging", async () => {
    let logged = false;
    await expect(refuseIfLimited({ allowed: true, remaining: 3, limit: 5, retryAfterSeconds: 0 }, async () => (logged = true))).resolves.toBeUndefined();
    expect(logged).toBe(false);
  });

  it("says what there were too many of and the wait in the English of before, with the catalog ID for the pages", async () => {
    const refusedAfter = (retryAfterSeconds: number, tooMany: TooManyKind) =>
      refuseIfLimited({ allowed: false, remaining: 0, limit: 5, retryAfterSeconds }, undefined, { tooMany }).catch((e: AppError) => e);
    const cases: [number, TooManyKind, string][] = [
      [1, "attempts", "Too many attempts. Try again in 1 second."],
      [45, "codes", "Too many codes. Try again in 45 seconds."],
      [60, "requests", "Too many requests. Try again in 1 minute."],
      [61, "resetRequests", "Too many reset requests. Try again in 2 minutes."],
      [179, "signInAttempts", "Too many sign-in attempts. Try again in 3 minutes."],
      [30, "signUps", "Too many sign-ups from your network. Try again in 30 seconds."],
      [600, "textMessages", "Too many text messages. Try again in 10 minutes."],
    ];
    for (const [seconds, kind, english] of cases) {
      const error = await refusedAfter(seconds, kind);
      expect(error).toMatchObject({ code: "RATE_LIMITED", message: english, data: { retryAfterSeconds: seconds } });
      expect(error).toHaveProperty("messageId.id", "limits.tooMany");
      expect(error).toHaveProperty("messageId.values.what", kind);
    }
    expect(waitOf(59)).toEqual({ unit: "second", count: 59 });
    expect(waitOf(121)).toEqual({ unit: "minute", count: 3 });
  });
});
