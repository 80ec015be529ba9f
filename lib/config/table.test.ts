import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replaceConfigTable } from "./table";
import { ConfigError, parseConfig } from ".";

describe("configuration", () => {
  it("the README's table lists every option with its current default (run `npm run config:table`)", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    expect(replaceConfigTable(readme)).toBe(readme);
  });

  it("production refuses a missing or weak AUTH_SECRET", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "short" })).toThrow(/at least 32/);
    expect(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(40) })).toThrow(/random/);
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD" }).DEV_MAILBOX).toBe(false);
  });

  it("names every bad variable at once", () => {
    const error = (() => {
      try {
        parseConfig({ PORT: "seventy", DATABASE_URL: "mysql://x", AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/PORT/);
    expect(error?.message).toMatch(/DATABASE_URL/);
  });
});
