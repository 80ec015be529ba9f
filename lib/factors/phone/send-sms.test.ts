import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { overrideConfig, parseConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { consumeRateLimit, RATE_LIMIT_POLICIES, resetRateLimit } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { newReauthedUser } from "../testing/fixtures";
import type { FlowActor } from "../types";
import { sendSmsOtp } from "./challenge";
import { startPhoneEnrollment } from "./enroll";
import { SMS_TENANT_KEY } from "./send-sms";
import { sendSmsJobHandler, type SmsProvider } from "./sms-provider";

function uniqueNumber(prefix = "+1555"): string {
  return `${prefix}${String(crypto.randomInt(1e7)).padStart(7, "0")}`;
}

/** A user with a confirmed phone, as enrollment leaves it (without spending an SMS on it). */
async function userWithPhone(number = uniqueNumber()): Promise<{ userId: string; number: string }> {
  const { userId } = await newReauthedUser();
  const db = await prisma();
  await db.factor.create({ data: { userId, type: "phone", name: "Phone", address: number, confirmedAt: new Date() } });
  return { userId, number };
}

/** A new reset of this user, from `ip`. */
function resetFrom(userId: string, ip = testRequestContext().ip): FlowActor {
  return { userId, flowId: crypto.randomUUID(), flowExpiresAt: new Date(Date.now() + 15 * 60_000), ctx: testRequestContext({ ip }) };
}

async function smsJobsTo(number: string): Promise<number> {
  const db = await prisma();
  return (await db.job.findMany({ where: { type: "sms.send" } })).filter((j) => (j.payload as { to?: string }).to === number).length;
}

async function refusals(userId: string) {
  const db = await prisma();
  const rows = await db.logEvent.findMany({ where: { userId, type: "gd_send_sms_failure" }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ description: r.description, details: r.details }));
}

afterEach(() => overrideConfig({}));

describe.each(testDatabaseKinds())("every SMS goes through sendSms, on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: 4 fresh sign-ups from one IP sent 40 SMS in a minute (only per-user limits existed).
  it("refuses an IP past smsPerIp, whatever the account, logs it, and still serves another IP", async () => {
    const ip = testRequestContext().ip;
    const perUser = RATE_LIMIT_POLICIES.smsPerUser.burst;
    const users: Array<{ userId: string; number: string }> = [];
    for (let i = 0; i <= Math.ceil(RATE_LIMIT_POLICIES.smsPerIp.burst / perUser); i++) users.push(await userWithPhone());
    for (let sent = 0; sent < RATE_LIMIT_POLICIES.smsPerIp.burst; sent++) await sendSmsOtp(resetFrom(users[Math.floor(sent / perUser)]!.userId, ip));

    const last = users.at(-1)!;
    await expect(sendSmsOtp(resetFrom(last.userId, ip))).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429, data: { retryAfterSeconds: expect.any(Number) } });
    expect(await smsJobsTo(last.number)).toBe(0);
    expect(await refusals(last.userId)).toEqual([
      { description: "SMS refused: Too many SMS (smsPerIp).", details: expect.objectContaining({ factor: "phone", purpose: "reset", reason: "rate_limited", policy: "smsPerIp" }) },
    ]);
    await expect(sendSmsOtp(resetFrom(last.userId))).resolves.toMatchObject({ sentTo: expect.any(String) });
    expect(await smsJobsTo(last.number)).toBe(1);
  });

  it("refuses a number past smsPerNumber, whatever the account or IP (one premium number, many accounts)", async () => {
    const number = uniqueNumber();
    const first = await userWithPhone(number);
    for (let i = 0; i < RATE_LIMIT_POLICIES.smsPerNumber.burst; i++) await sendSmsOtp(resetFrom(first.userId));
    const second = await userWithPhone(number);
    await expect(sendSmsOtp(resetFrom(second.userId))).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(await refusals(second.userId)).toEqual([{ description: "SMS refused: Too many SMS (smsPerNumber).", details: expect.objectContaining({ policy: "smsPerNumber" }) }]);
    // Adding a phone is an SMS too: the same number cannot be enrolled on a third account either.
    const third = await newReauthedUser();
    await expect(startPhoneEnrollment(third.actor, number)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const db = await prisma();
    expect(await db.factor.count({ where: { userId: third.userId } })).toBe(0);
    expect(await smsJobsTo(number)).toBe(RATE_LIMIT_POLICIES.smsPerNumber.burst);
    await expect(sendSmsOtp(resetFrom((await userWithPhone()).userId))).resolves.toMatchObject({ sentTo: expect.any(String) });
  });

  it("stops every SMS once the tenant-wide budget is spent (SMS_UNAVAILABLE), and logs each refusal", async () => {
    for (let i = 0; i < RATE_LIMIT_POLICIES.smsPerTenant.burst; i++) await consumeRateLimit("smsPerTenant", SMS_TENANT_KEY);
    try {
      const user = await userWithPhone();
      await expect(sendSmsOtp(resetFrom(user.userId))).rejects.toMatchObject({ code: "SMS_UNAVAILABLE", status: 429, data: { retryAfterSeconds: expect.any(Number) } });
      expect(await smsJobsTo(user.number)).toBe(0);
      expect(await refusals(user.userId)).toEqual([{ description: "SMS refused: Too many SMS (smsPerTenant).", details: expect.objectContaining({ policy: "smsPerTenant" }) }]);
    } finally {
      await resetRateLimit("smsPerTenant", SMS_TENANT_KEY);
    }
    await expect(sendSmsOtp(resetFrom((await userWithPhone()).userId))).resolves.toMatchObject({ sentTo: expect.any(String) });
  });

  it("sends only to SMS_ALLOWED_COUNTRY_CODES: enrollment, resets and queued jobs alike", async () => {
    const french = uniqueNumber("+3361");
    const enrolledBefore = await userWithPhone(french);
    overrideConfig({ SMS_ALLOWED_COUNTRY_CODES: "+1, +44" });

    const user = await newReauthedUser();
    await expect(startPhoneEnrollment(user.actor, uniqueNumber("+88216"))).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_ALLOWED", status: 400 });
    const db = await prisma();
    expect(await db.factor.count({ where: { userId: user.userId } })).toBe(0);
    expect(await refusals(user.userId)).toEqual([
      {
        description: "SMS refused: The number's country is not in SMS_ALLOWED_COUNTRY_CODES.",
        details: expect.objectContaining({ purpose: "enroll", reason: "country_not_allowed", to: expect.stringMatching(/^\+8•••\d\d$/) }),
      },
    ]);
    await expect(sendSmsOtp(resetFrom(enrolledBefore.userId))).rejects.toMatchObject({ code: "SMS_COUNTRY_NOT_ALLOWED" });
    expect(await smsJobsTo(french)).toBe(0);

    const british = uniqueNumber("+4477");
    await expect(startPhoneEnrollment(user.actor, british)).resolves.toMatchObject({ sentTo: expect.any(String) });
    expect(await smsJobsTo(british)).toBe(1);

    // A job queued before the list was narrowed is not sent either.
    const sent: string[] = [];
    const provider: SmsProvider = { name: "test", send: async (message) => void sent.push(message.to) };
    const job = { id: crypto.randomUUID(), type: "sms.send", attempt: 1, maxAttempts: 5, signal: new AbortController().signal };
    await expect(sendSmsJobHandler(() => provider)({ ...job, payload: { to: french, body: "123456" } })).rejects.toMatchObject({ name: "PermanentJobError" });
    await expect(sendSmsJobHandler(() => provider)({ ...job, payload: { to: british, body: "123456" } })).resolves.toBeDefined();
    expect(sent).toEqual([british]);
  });
});

describe("SMS_ALLOWED_COUNTRY_CODES", () => {
  const SECRET = "a-test-secret-of-enough-length-0123456789";
  it("is required with a billing provider, accepts calling codes or *, and refuses anything else", () => {
    const http = { AUTH_SECRET: SECRET, SMS_PROVIDER: "http", SMS_HTTP_URL: "https://sms.example/send" };
    expect(() => parseConfig(http)).toThrow(/SMS_ALLOWED_COUNTRY_CODES: required when SMS_PROVIDER=http/);
    expect(parseConfig({ ...http, SMS_ALLOWED_COUNTRY_CODES: " +1,+44 , +353" }).SMS_ALLOWED_COUNTRY_CODES).toEqual(["+1", "+44", "+353"]);
    expect(parseConfig({ ...http, SMS_ALLOWED_COUNTRY_CODES: "*" }).SMS_ALLOWED_COUNTRY_CODES).toBe("*");
    expect(parseConfig({ AUTH_SECRET: SECRET }).SMS_ALLOWED_COUNTRY_CODES).toBeUndefined();
    for (const bad of ["44", "+0", "+1,,+44", "+1;+44", "all"]) expect(() => parseConfig({ ...http, SMS_ALLOWED_COUNTRY_CODES: bad })).toThrow(/SMS_ALLOWED_COUNTRY_CODES/);
  });
});
