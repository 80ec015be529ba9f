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

  // Regression: DEV_MAILBOX=true was accepted in production, and /dev/mailbox needs no sign-in.
  it("production refuses the dev mailbox, in one line", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD" };
    expect(() => parseConfig({ ...production, DEV_MAILBOX: "true" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...production, DEV_MAILBOX: "true" })).toThrow(/^DEV_MAILBOX=true is refused when NODE_ENV=production[^\n]*$/);
    expect(parseConfig({ ...production, DEV_MAILBOX: "false" }).DEV_MAILBOX).toBe(false);
    expect(parseConfig({ AUTH_SECRET: production.AUTH_SECRET, DEV_MAILBOX: "true" }).DEV_MAILBOX).toBe(true);
  });

  // Regression: `npm start` listened on every interface, dev mailbox included.
  it("binds to loopback unless HOST says otherwise", () => {
    expect(parseConfig({ AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD" }).HOST).toBe("127.0.0.1");
    expect(parseConfig({ AUTH_SECRET: "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
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
