import { describe, expect, it } from "vitest";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { applyCacheCommands, loadCacheSnapshot } from "./cache";

const TRIGGER = "password-reset-post-challenge" as const;
const set = (key: string, value: string, inMs: number) => ({ type: "cache.set" as const, key, value, expires_at: Date.now() + inMs });

describe.each(testDatabaseKinds())("the Actions cache store (%s)", (kind) => {
  useTestDatabase(kind);

  it("a snapshot taken after a write holds it; a delete takes it out again", async () => {
    expect(await loadCacheSnapshot(TRIGGER)).toEqual({});
    await applyCacheCommands(TRIGGER, [set("risk", "low", 60_000)]);
    expect((await loadCacheSnapshot(TRIGGER)).risk?.value).toBe("low");
    await applyCacheCommands(TRIGGER, [{ type: "cache.delete", key: "risk" }]);
    expect(await loadCacheSnapshot(TRIGGER)).toEqual({});
  });

  it("never serves an entry past its expiry, even from a snapshot read before it expired", async () => {
    const expiresAt = Date.now() + 300;
    await applyCacheCommands(TRIGGER, [{ type: "cache.set", key: "short", value: "v", expires_at: expiresAt }]);
    expect((await loadCacheSnapshot(TRIGGER)).short?.value).toBe("v");
    await expect.poll(() => Date.now() > expiresAt).toBe(true);
    expect(await loadCacheSnapshot(TRIGGER)).toEqual({});
  });

});

// Only PostgreSQL has other writers; the embedded database has one opener (see cache.ts).
describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("the Actions cache store on %s", (kind) => {
  const { db } = useTestDatabase(kind);

  it("reads what another instance wrote, with no write of its own", async () => {
    await loadCacheSnapshot(TRIGGER);
    // Another instance's write: straight into the table, past this process.
    await db().prisma.actionCacheEntry.create({ data: { trigger: TRIGGER, key: "elsewhere", value: "x", expiresAt: new Date(Date.now() + 60_000) } });
    expect((await loadCacheSnapshot(TRIGGER)).elsewhere?.value).toBe("x");
  });
});
