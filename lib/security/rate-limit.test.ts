import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { consumeRateLimit, resetRateLimit } from "./rate-limit";
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

  it("says the wait in words", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45)).toBe("45 seconds");
    expect(formatWait(60)).toBe("1 minute");
    expect(formatWait(61)).toBe("2 minutes");
  });
});
