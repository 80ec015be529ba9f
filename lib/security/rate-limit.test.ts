import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { consumeRateLimit, consumeRateLimitsInOrder, resetRateLimit } from "./rate-limit";
import { RATE_LIMIT_POLICIES } from "./rate-limit-policies";
import { formatWait } from "./format-wait";

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

  it("says the wait in words", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45)).toBe("45 seconds");
    expect(formatWait(60)).toBe("1 minute");
    expect(formatWait(61)).toBe("2 minutes");
  });
});
