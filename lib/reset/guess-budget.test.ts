import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { RATE_LIMIT_POLICIES } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { encodeResetCookie } from "./cookie";
import { consumeResetTicket, MAX_CODE_ATTEMPTS, requestPasswordReset, verifyResetCode, type ResetRequestResult } from ".";
import { deliverAndRead, newResetUser, runJobs } from "./testing/fixtures";

const GUESS_BUDGET = RATE_LIMIT_POLICIES.resetCodePerAccount.burst;
const EMAILS_PER_HOUR = RATE_LIMIT_POLICIES.resetEmailPerAccount.burst;

/**
 * Wrong codes at `identifier` over flow after flow (5 each, a new IP for every request and guess),
 * then one guess with `lastCode()` on a fresh flow. Returns what each guess got.
 */
async function guessAcrossFlows(identifier: string, flows: number, lastCode: () => Promise<string>): Promise<string[]> {
  const outcomes: string[] = [];
  for (let f = 0; f < flows; f++) {
    const tab = encodeResetCookie((await requestPasswordReset(identifier, testRequestContext())).cookie);
    await runJobs();
    const last = f === flows - 1;
    for (let g = 0; g < (last ? 1 : MAX_CODE_ATTEMPTS); g++) {
      const code = last ? await lastCode() : "000000";
      outcomes.push(await verifyResetCode(tab, code, testRequestContext()).then(() => "ok", (e: { code: string }) => e.code));
    }
  }
  return outcomes;
}

describe.each(testDatabaseKinds())("per-account limits of the reset on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: 5 guesses per flow, but new flows were free: 4 IPs made 200 guesses at one account.
  it(`the guess after ${GUESS_BUDGET} at one account is refused from any IP, on a fresh flow, with the right code, alike for an unknown address`, async () => {
    const user = await newResetUser();
    const flows = GUESS_BUDGET / MAX_CODE_ATTEMPTS + 1;
    let lastMail: Awaited<ReturnType<typeof deliverAndRead>> = null;
    const known = await guessAcrossFlows(user.email, flows, async () => {
      lastMail = await deliverAndRead(user.email);
      return lastMail!.code;
    });
    const unknown = await guessAcrossFlows("nobody-guessed@example.com", flows, async () => "000000");

    const perFlow = [...Array(MAX_CODE_ATTEMPTS - 1).fill("RESET_CODE_INVALID"), "RESET_CODE_ATTEMPTS"];
    const expected = [...Array(flows - 1).fill(perFlow).flat(), "RESET_CODE_ATTEMPTS"];
    // The last guess at the known account was the right code, refused all the same.
    expect(known).toEqual(expected);
    expect(unknown).toEqual(expected);
    // The owner still has the link.
    await expect(consumeResetTicket(lastMail!.ticket, testRequestContext())).resolves.toMatchObject({ next: expect.any(String) });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "fcp", userName: user.email, description: "Too many reset code guesses for this account" } })).toBe(1);
  });

  // Regression: a stranger's requests from 4 IPs mailed the victim 40 times.
  it(`the reset email after ${EMAILS_PER_HOUR} in an hour is not sent, the answer stays the same, and the owner's link keeps working`, async () => {
    const user = await newResetUser();
    const answers: ResetRequestResult[] = [];
    let newestSent: Awaited<ReturnType<typeof deliverAndRead>> = null;
    for (let i = 0; i < EMAILS_PER_HOUR; i++) {
      answers.push(await requestPasswordReset(user.email, testRequestContext()));
      newestSent = await deliverAndRead(user.email);
    }
    answers.push(await requestPasswordReset(user.email, testRequestContext()));
    const unknown = await requestPasswordReset("nobody-capped@example.com", testRequestContext());
    await runJobs();

    const db = await prisma();
    expect(await db.mailMessage.count({ where: { to: user.email } })).toBe(EMAILS_PER_HOUR);
    const shape = (a: ResetRequestResult) => ({ keys: Object.keys(a).sort(), maxAge: a.cookieMaxAgeSeconds, limit: a.rateLimit.limit, remaining: a.rateLimit.remaining });
    for (const answer of [...answers, unknown]) expect(shape(answer)).toEqual(shape(answers[0]!));
    expect(await db.logEvent.count({ where: { type: "fcpr", userId: user.id, description: { contains: "Too many password reset emails" } } })).toBe(1);
    // The request over the cap neither mailed nor ended the link mailed before it.
    await expect(consumeResetTicket(newestSent!.ticket, testRequestContext())).resolves.toMatchObject({ next: expect.any(String) });
  });
});
