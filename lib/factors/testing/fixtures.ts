import { Secret, TOTP } from "otpauth";
import { vi } from "vitest";
import { prisma } from "@/lib/db";
import { testRequestContext } from "@/lib/testing/context";
import { createUser, defaultConnection } from "@/lib/users";
import { confirmOtpEnrollment, pendingOtpEnrollment, startOtpEnrollment } from "../otp/enroll";
import { confirmPassword } from "../reauth";
import type { AccountActor } from "../types";

export const TEST_PASSWORD = "Factor-Test-Pass-42";

/** A new user, and an actor for them whose password was just confirmed. */
export async function newReauthedUser(options: { emailVerified?: boolean } = {}): Promise<{ userId: string; email: string; actor: AccountActor }> {
  const email = `f${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUser({ email, password: TEST_PASSWORD, emailVerified: options.emailVerified }, { connection: await defaultConnection(), ctx: testRequestContext() });
  const { cookie } = await confirmPassword(user.id, TEST_PASSWORD);
  return { userId: user.id, email, actor: { userId: user.id, reauth: cookie, ctx: testRequestContext() } };
}

/** The newest queued job of a type whose payload is addressed to `to`, as the worker would get it. */
export async function lastJobTo(type: string, to: string): Promise<Record<string, string>> {
  const db = await prisma();
  const jobs = await db.job.findMany({ where: { type }, orderBy: { createdAt: "desc" }, take: 50 });
  const job = jobs.find((j) => (j.payload as { to?: string }).to === to);
  if (!job) throw new Error(`no ${type} job to ${to}`);
  return job.payload as Record<string, string>;
}

/** The 6-digit code in the newest email or SMS queued for `to`. */
export async function lastCodeTo(type: "email.send" | "sms.send", to: string): Promise<string> {
  const payload = await lastJobTo(type, to);
  const match = /\b(\d{3}) ?(\d{3})\b/.exec(type === "email.send" ? payload.text! : payload.body!);
  if (!match) throw new Error(`no code in the ${type} to ${to}`);
  return `${match[1]}${match[2]}`;
}

/**
 * Sets up an authenticator app for `actor` and returns its secret. Confirmed with the previous
 * step's code, so the current one is still unused; Date is held 1 s into this step meanwhile: at
 * load 20 the step ended between making the code and checking it, and the code two steps back was
 * refused ("That code is not right").
 */
export async function enrollAuthenticatorApp(actor: AccountActor): Promise<Secret> {
  await startOtpEnrollment(actor);
  const secret = Secret.fromBase32((await pendingOtpEnrollment(actor.userId))!.secret);
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], now: now - (now % 30_000) + 1_000 });
  try {
    await confirmOtpEnrollment(actor, TOTP.generate({ secret, timestamp: Date.now() - 30_000 }));
  } finally {
    vi.useRealTimers();
  }
  return secret;
}
