import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { findApplication, openApplicationSecret, seedApplications } from ".";

const app = (over: Record<string, unknown> = {}) => ({
  client_id: "seeded-app-1",
  client_secret: "a".repeat(40),
  name: "Seeded",
  app_type: "regular_web",
  callbacks: ["http://127.0.0.1:4000/cb"],
  ...over,
});

describe.each(testDatabaseKinds())("SEED_APPLICATIONS on %s", (kind) => {
  useTestDatabase(kind);

  it("creates each application with its given secret, and a later start replaces it with the new configuration", async () => {
    expect(await seedApplications(JSON.stringify([app()]))).toEqual(["seeded-app-1"]);
    const first = await findApplication("seeded-app-1");
    expect(first && openApplicationSecret(first)).toBe("a".repeat(40));
    await seedApplications(JSON.stringify([app({ client_secret: "b".repeat(40), callbacks: ["http://127.0.0.1:4001/cb"] })]));
    const second = await findApplication("seeded-app-1");
    expect(second && openApplicationSecret(second)).toBe("b".repeat(40));
    expect(second?.callbacks).toEqual(["http://127.0.0.1:4001/cb"]);
  });

  it("stops the start in one line on a value it cannot use", async () => {
    await expect(seedApplications("{")).rejects.toThrow(new ConfigError("SEED_APPLICATIONS must be a JSON array of applications."));
    await expect(seedApplications(JSON.stringify([app({ client_secret: "short" })]))).rejects.toThrow(ConfigError);
    await expect(seedApplications(JSON.stringify([app({ callbacks: ["javascript:alert(1)"] })]))).rejects.toThrow(/SEED_APPLICATIONS: seeded-app-1: javascript:alert\(1\) must be an http\(s\) URL/);
  });
});
