import { TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { generateRecoveryCodes } from "@/lib/factors";
import { enrollAuthenticatorApp, newReauthedUser, TEST_PASSWORD } from "@/lib/factors/testing/fixtures";
import type { RequestContext } from "@/lib/http";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { setUserPassword, signInWithPassword, signInWithProof } from "@/lib/users";
import { loadProofStep, sendProofCode, type ProofInput } from ".";

const WRONG = "Not-The-Password-9";

/** A sign-in that is expected to need proof: the error, and the handle its cookie would carry. */
async function attempt(identifier: string, password: string, ctx: RequestContext) {
  let handle: string | undefined;
  const error = await signInWithPassword(identifier, password, ctx, (pending) => (handle = pending.handle)).then(
    () => {
      throw new Error("signed in without proof");
    },
    (e: unknown) => e as { code: string; message: string; status: number },
  );
  return { error, handle };
}

/** 20 addresses, 3 wrong guesses each: the account-wide budget (50) is spent, no address reaches its own limit (10). */
async function guessFromTwentyIps(identifier: string): Promise<RequestContext[]> {
  const guessers = Array.from({ length: 20 }, () => testRequestContext());
  for (let round = 0; round < 3; round++) {
    for (const ctx of guessers) await signInWithPassword(identifier, WRONG, ctx).catch(() => undefined);
  }
  return guessers;
}

/** Spends the account-wide budget at once, as 20 addresses guessing would. */
async function spendAccountBudget(identifier: string): Promise<void> {
  const db = await prisma();
  await db.rateLimitBucket.upsert({
    where: { key: `signInPerAccount:${identifier}` },
    create: { key: `signInPerAccount:${identifier}`, tokens: 0, lastAllowed: false, updatedAt: new Date() },
    update: { tokens: 0, updatedAt: new Date() },
  });
}

type QueuedMail = { to?: string; template?: string; subject: string; text: string; html: string };

async function mailsTo(to: string, template: string): Promise<QueuedMail[]> {
  const db = await prisma();
  const jobs = await db.job.findMany({ where: { type: "email.send" }, orderBy: { createdAt: "desc" } });
  return jobs.map((j) => j.payload as QueuedMail).filter((p) => p.to === to && p.template === template);
}

async function jobsTo(to: string, template: string): Promise<number> {
  return (await mailsTo(to, template)).length;
}

/** The code in the newest sign-in code emailed to `to`. */
async function emailedCode(to: string): Promise<string> {
  const [mail] = await mailsTo(to, "factor-code");
  const match = mail ? /\b(\d{3}) (\d{3})\b/.exec(mail.text) : null;
  if (!match) throw new Error(`no code emailed to ${to}`);
  return `${match[1]}${match[2]}`;
}

describe.each(testDatabaseKinds())("pending sign-ins on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: the account-wide limit refused the right password, so 20 IPs guessing once a minute kept the owner out.
  it("the owner with the right password and the emailed code gets in while 20 IPs are guessing; a guesser is still refused", async () => {
    const { userId, email } = await newReauthedUser();
    const guessers = await guessFromTwentyIps(email);
    const owner = testRequestContext();
    const { error, handle } = await attempt(email, TEST_PASSWORD, owner);
    expect(error).toMatchObject({ code: "PROOF_REQUIRED", status: 401 });
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const code = await emailedCode(email);
    const user = await signInWithProof(handle, { method: "email", code }, owner);
    expect(user).toMatchObject({ id: userId, sessionId: expect.any(String) });
    const db = await prisma();
    expect(await db.session.count({ where: { id: user.sessionId, userId, endedAt: null } })).toBe(1);
    expect(await db.logEvent.count({ where: { type: "s", userId } })).toBe(1);
    // The pending sign-in was one-time.
    await expect(signInWithProof(handle, { method: "email", code }, owner)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });

    // A guessing address keeps its own limit: after 10 misses even the right password is refused.
    const guesser = guessers[0]!;
    for (let i = 0; i < 7; i++) await signInWithPassword(email, WRONG, guesser).catch(() => undefined);
    await expect(signInWithPassword(email, TEST_PASSWORD, guesser)).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429 });
  });

  it("during the lockout a wrong password gets the very same answer and step as the right one, but can never complete", async () => {
    const { email } = await newReauthedUser();
    await spendAccountBudget(email);
    const right = await attempt(email, TEST_PASSWORD, testRequestContext());
    const codesBefore = await jobsTo(email, "factor-code");
    const wrong = await attempt(email, WRONG, testRequestContext());
    const unknown = await attempt("nobody-here@example.com", WRONG, testRequestContext());
    await spendAccountBudget("nobody-here@example.com");
    const unknownLocked = await attempt("nobody-here@example.com", WRONG, testRequestContext());
    for (const other of [wrong, unknownLocked]) {
      expect(other.error).toMatchObject({ code: right.error.code, message: right.error.message, status: right.error.status });
      expect(other.handle).toEqual(expect.any(String));
      expect(await loadProofStep(other.handle, testRequestContext())).toEqual({ ...(await loadProofStep(right.handle, testRequestContext())), expiresAt: expect.any(Date) });
    }
    // Before the account budget is spent, an unknown account is simply a wrong password.
    expect(unknown.error).toMatchObject({ code: "INVALID_CREDENTIALS" });
    // Nothing is emailed for the wrong password; its code exists but was never sent.
    expect(await jobsTo(email, "factor-code")).toBe(codesBefore);
    const ownersCode = await emailedCode(email);
    const guess = await signInWithProof(wrong.handle, { method: "email", code: ownersCode }, testRequestContext()).catch((e) => e);
    expect(guess).toMatchObject({ code: "FACTOR_CODE_INVALID", message: "That code is not right. 4 tries left." });
    // Resending answers alike, and still sends nothing.
    await expect(sendProofCode(wrong.handle, "email", testRequestContext())).resolves.toEqual(await sendProofCode(right.handle, "email", testRequestContext()));
    expect(await jobsTo(email, "factor-code")).toBe(codesBefore + 1);
  });

  it("tells the owner once per window that someone is trying to sign in, not once per attempt", async () => {
    const { email } = await newReauthedUser();
    await guessFromTwentyIps(email);
    for (let i = 0; i < 5; i++) await attempt(email, i % 2 ? TEST_PASSWORD : WRONG, testRequestContext());
    expect(await jobsTo(email, "sign-in-attempts")).toBe(1);
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "limit_wc", userName: email } })).toBeGreaterThanOrEqual(5);
  });

  it("the owner's notice and code speak the owner's language (user_metadata.locale), not the guessers'", async () => {
    const { userId, email } = await newReauthedUser();
    const db = await prisma();
    await db.user.update({ where: { id: userId }, data: { userMetadata: { locale: "de", zoneinfo: "Europe/Berlin" } } });
    await spendAccountBudget(email);
    await attempt(email, TEST_PASSWORD, testRequestContext({ language: "fr" }));
    const [notice] = await mailsTo(email, "sign-in-attempts");
    expect(notice?.subject).toBe("Jemand versucht, sich bei Ihrem Rekey-Konto anzumelden");
    expect(notice?.text).toMatch(/Es gab viele fehlgeschlagene Versuche, .*\(Stand: .* (CET|CEST)\)/);
    expect(notice?.html).toContain('<html lang="de">');
    const [code] = await mailsTo(email, "factor-code");
    expect(code?.subject).toBe("Ihr Bestätigungscode für Rekey");
  });

  it("without a locale of their own, the owner's notice is in the request's language", async () => {
    const { email } = await newReauthedUser();
    await spendAccountBudget(email);
    await attempt(email, WRONG, testRequestContext({ language: "pl-PL" }));
    const [notice] = await mailsTo(email, "sign-in-attempts");
    expect(notice?.subject).toBe("Ktoś próbuje zalogować się na Twoje konto Rekey");
  });

  it("five wrong proofs end the pending sign-in; the right code is refused after that", async () => {
    const { email } = await newReauthedUser();
    await spendAccountBudget(email);
    const ctx = testRequestContext();
    const { handle } = await attempt(email, TEST_PASSWORD, ctx);
    const code = await emailedCode(email);
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (const left of [4, 3, 2, 1]) {
      await expect(signInWithProof(handle, { method: "email", code: wrongCode }, ctx)).rejects.toMatchObject({
        code: "FACTOR_CODE_INVALID",
        fields: { code: `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.` },
      });
    }
    await expect(signInWithProof(handle, { method: "email", code: wrongCode }, ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_ATTEMPTS" });
    await expect(signInWithProof(handle, { method: "email", code }, ctx)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
    await expect(loadProofStep(handle, testRequestContext())).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
    // Parallel guesses cannot take more than the five tries either.
    const next = await attempt(email, TEST_PASSWORD, ctx);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => signInWithProof(next.handle, { method: "email", code: wrongCode }, ctx)));
    const db = await prisma();
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    expect((await db.pendingSignIn.findFirstOrThrow({ where: { identifier: email }, orderBy: { createdAt: "desc" } })).attempts).toBe(5);
  });

  it("a user with an authenticator app proves with it (no email), and a recovery code on a wrong password is never used up", async () => {
    const { userId, email, actor } = await newReauthedUser();
    const secret = await enrollAuthenticatorApp(actor);
    const [recovery] = await generateRecoveryCodes(actor);
    await spendAccountBudget(email);
    const codesBefore = await jobsTo(email, "factor-code");

    const wrong = await attempt(email, WRONG, testRequestContext());
    expect((await loadProofStep(wrong.handle, testRequestContext())).options.map((o) => o.method)).toEqual(["otp", "recovery-code"]);
    const byRecovery: ProofInput = { method: "recovery-code", code: recovery! };
    await expect(signInWithProof(wrong.handle, byRecovery, testRequestContext())).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    const db = await prisma();
    expect(await db.recoveryCode.count({ where: { userId, usedAt: null } })).toBe(10);

    const right = await attempt(email, TEST_PASSWORD, testRequestContext());
    expect(await jobsTo(email, "factor-code")).toBe(codesBefore);
    await expect(signInWithProof(right.handle, { method: "email", code: "123456" }, testRequestContext())).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    await expect(signInWithProof(right.handle, { method: "otp", code: TOTP.generate({ secret }) }, testRequestContext())).resolves.toMatchObject({ id: userId });

    const again = await attempt(email, TEST_PASSWORD, testRequestContext());
    await expect(signInWithProof(again.handle, byRecovery, testRequestContext())).resolves.toMatchObject({ id: userId });
    expect(await db.recoveryCode.count({ where: { userId, usedAt: null } })).toBe(9);
  });

  it("a password changed after it was typed ends the pending sign-in", async () => {
    const { userId, email } = await newReauthedUser();
    await spendAccountBudget(email);
    const { handle } = await attempt(email, TEST_PASSWORD, testRequestContext());
    const code = await emailedCode(email);
    await setUserPassword({ userId, newPassword: "Changed-Meanwhile-77", reason: "admin", ctx: testRequestContext() });
    await expect(signInWithProof(handle, { method: "email", code }, testRequestContext())).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
    const db = await prisma();
    expect(await db.session.count({ where: { userId } })).toBe(0);
  });

  it("a spent per-account proof budget answers like a wrong code, so it cannot tell a guesser the password was right", async () => {
    const { email } = await newReauthedUser();
    await spendAccountBudget(email);
    const { handle } = await attempt(email, TEST_PASSWORD, testRequestContext());
    const code = await emailedCode(email);
    const db = await prisma();
    const user = await db.user.findFirstOrThrow({ where: { email } });
    await db.rateLimitBucket.create({ data: { key: `signInProofPerUser:${user.id}`, tokens: 0, lastAllowed: false, updatedAt: new Date() } });
    await expect(signInWithProof(handle, { method: "email", code }, testRequestContext())).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    expect(await db.logEvent.count({ where: { type: "gd_otp_rate_limit_exceed", userId: user.id } })).toBe(1);
  });

  it("refuses a missing, malformed or foreign handle and bad codes with a 4xx", async () => {
    for (const handle of [undefined, "", "x".repeat(43), "\u0000".repeat(43), "a".repeat(10_000)]) {
      await expect(signInWithProof(handle, { method: "email", code: "123456" }, testRequestContext())).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED", status: 410 });
    }
    const { email } = await newReauthedUser();
    await spendAccountBudget(email);
    const { handle } = await attempt(email, TEST_PASSWORD, testRequestContext());
    for (const code of ["12345", "abcdef", "1234567", "\u0000"]) {
      await expect(signInWithProof(handle, { method: "email", code }, testRequestContext())).rejects.toMatchObject({ code: "INVALID_INPUT", status: 400 });
    }
    // Malformed input takes none of the five tries.
    expect((await loadProofStep(handle, testRequestContext())).attemptsLeft).toBe(5);
  });
});
