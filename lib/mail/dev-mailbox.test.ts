import { afterEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { devMailboxOpenTo, parseDevMailboxFilter } from ".";

afterEach(() => {
  overrideConfig({});
});

describe("the dev mailbox", () => {
  // Regression: /dev/mailbox answered anyone who could reach the server, reset links included.
  it("answers only clients on this machine, unless DEV_MAILBOX_PUBLIC opens it", () => {
    overrideConfig({ DEV_MAILBOX: "true", SMTP_URL: undefined });
    expect(["127.0.0.1", "::1"].map(devMailboxOpenTo)).toEqual([true, true]);
    expect(["192.168.1.20", "203.0.113.9", "2001:db8::1", "unknown"].map(devMailboxOpenTo)).toEqual([false, false, false, false]);
    overrideConfig({ DEV_MAILBOX: "true", DEV_MAILBOX_PUBLIC: "true" });
    expect(devMailboxOpenTo("203.0.113.9")).toBe(true);
    overrideConfig({ DEV_MAILBOX: "false", DEV_MAILBOX_PUBLIC: "true" });
    expect(devMailboxOpenTo("127.0.0.1")).toBe(false);
  });

  // Regression: /dev/mailbox?to=%00 sent the NUL to PostgreSQL and answered 500.
  it("refuses a recipient filter with control characters instead of querying with it", () => {
    expect(parseDevMailboxFilter("\u0000")).toBeUndefined();
    expect(parseDevMailboxFilter("a\u0007@example.com")).toBeUndefined();
    expect(parseDevMailboxFilter(["a@example.com", "b@example.com"])).toBeUndefined();
    expect(parseDevMailboxFilter("x".repeat(255))).toBeUndefined();
    expect(parseDevMailboxFilter("someone@example.com")).toEqual({ to: "someone@example.com" });
    expect(parseDevMailboxFilter(undefined)).toEqual({ to: undefined });
    expect(parseDevMailboxFilter("")).toEqual({ to: undefined });
  });
});
