import { describe, expect, it } from "vitest";
import { backoffSeconds } from "./backoff";
import { describeError, MAX_ERROR_BYTES, truncateUtf8 } from "./errors";

describe("backoffSeconds", () => {
  it("doubles per attempt within a ±20 % jitter", () => {
    expect(backoffSeconds(1, {}, () => 0)).toBeCloseTo(1.6);
    expect(backoffSeconds(1, {}, () => 0.5)).toBeCloseTo(2);
    expect(backoffSeconds(3, {}, () => 0.5)).toBeCloseTo(8);
    expect(backoffSeconds(3, {}, () => 0.999999)).toBeCloseTo(9.6);
    expect(backoffSeconds(4, { baseSeconds: 0.5 }, () => 0.5)).toBeCloseTo(8);
  });

  it("is capped at one hour", () => {
    expect(backoffSeconds(20, {}, () => 0.999)).toBe(3600);
    expect(backoffSeconds(1000, {}, () => 0)).toBe(3600);
    expect(backoffSeconds(5, { maxSeconds: 10 }, () => 0.5)).toBe(10);
  });

  it("is zero with a zero base (tests)", () => {
    expect(backoffSeconds(3, { baseSeconds: 0 })).toBe(0);
  });
});

describe("describeError", () => {
  it("keeps the message only, never the stack", () => {
    const error = new Error("SMTP said no");
    expect(describeError(error)).toBe("SMTP said no");
    expect(describeError("plain")).toBe("plain");
    expect(describeError({ password: "hunter2" })).toBe("A non-Error value was thrown (object).");
  });

  it("reduces a Prisma client error to its code and last line (no source code frame)", () => {
    const error = Object.assign(
      new Error("\nInvalid `db.mailMessage.upsert()` invocation in\n/app/lib/mail/dev-mailbox.ts:19:24\n\n  18 const db = await prisma();\n→ 19 await db.mailMessage.upsert(\nThe table `public.mail_messages` does not exist in the current database."),
      { code: "P2021" },
    );
    expect(describeError(error)).toBe("P2021: The table `public.mail_messages` does not exist in the current database.");
  });

  it("truncates to 2 KB on a character boundary", () => {
    const long = "é".repeat(5000);
    const cut = describeError(new Error(long));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut).not.toContain("\uFFFD");
    expect(truncateUtf8("short", 10)).toBe("short");
  });
});
