import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { seedDemoTenant } from "./seed";

afterEach(() => {
  overrideConfig({});
});

describe.each(testDatabaseKinds())("the first start's seed on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: SEED_ADMIN_PASSWORD containing "admin" stopped the first start with a raw stack trace.
  it("refuses a SEED_ADMIN_PASSWORD the policy refuses, saying which rule in one line, and creates no one", async () => {
    const db = await prisma();
    overrideConfig({ SEED_ADMIN_PASSWORD: "Admin-Correct-Horse-42" });
    const personal = await seedDemoTenant().catch((error: unknown) => error);
    expect(personal).toBeInstanceOf(ConfigError);
    expect((personal as Error).message).toBe(
      "SEED_ADMIN_PASSWORD breaks the password policy: it contains personal information of the admin account (admin). Choose another or leave it unset to have one generated.",
    );
    overrideConfig({ SEED_ADMIN_PASSWORD: "correcthorsebatterystaple" });
    const weak = await seedDemoTenant().catch((error: unknown) => error);
    expect(weak).toBeInstanceOf(ConfigError);
    expect((weak as Error).message).toMatch(/^SEED_ADMIN_PASSWORD breaks the password policy: it breaks the rule "Contains at least 3 of: [^"\n]+"\. /);
    expect(await db.user.count()).toBe(0);

    overrideConfig({ SEED_ADMIN_PASSWORD: "Hold-The-Door-4242" });
    const seeded = await seedDemoTenant();
    expect(seeded.created && seeded.admin).toEqual({ email: "admin@example.com", password: "Hold-The-Door-4242" });
    expect(await db.user.count()).toBe(2);
  });
});
