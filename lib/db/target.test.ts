import { describe, expect, it } from "vitest";
import { postgresTarget } from ".";

describe("postgresTarget", () => {
  it("takes Prisma's ?schema= off the URL the driver sees and keeps the other parameters", () => {
    expect(postgresTarget("postgres://u:p@db:5432/rekey?schema=tenant_a&sslmode=require")).toEqual({
      kind: "postgres",
      url: "postgres://u:p@db:5432/rekey?sslmode=require",
      schema: "tenant_a",
    });
  });

  it("leaves a URL without a schema as it is (the public schema)", () => {
    expect(postgresTarget("postgresql://localhost/test")).toEqual({ kind: "postgres", url: "postgresql://localhost/test" });
  });
});
