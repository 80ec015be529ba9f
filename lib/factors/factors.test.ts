import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import {
  confirmEmailFactor,
  confirmOtpEnrollment,
  confirmPassword,
  confirmPhoneEnrollment,
  enableEmailFactor,
  finishWebauthnRegistration,
  generateRecoveryCodes,
  listAccountFactors,
  listEnrolledFactors,
  MAX_FACTOR_ATTEMPTS,
  pendingEmailVerification,
  pendingOtpEnrollment,
  pendingPhoneEnrollment,
  reauthValidUntil,
  relyingParty,
  removeFactor,
  sendEmailOtp,
  sendSmsJobHandler,
  sendSmsOtp,
  startOtpEnrollment,
  startPhoneEnrollment,
  startWebauthnChallenge,
  startWebauthnRegistration,
  verifyEmailOtp,
  verifyOtp,
  verifyRecoveryCode,
  verifySmsOtp,
  verifyWebauthnChallenge,
  devSmsProvider,
  httpSmsProvider,
  type FlowActor,
} from ".";
import { openSecret, sealSecret } from "./seal";
import { softAuthenticator } from "./testing/soft-authenticator";
import { lastCodeTo, lastJobTo, newReauthedUser, TEST_PASSWORD } from "./testing/fixtures";
import { normalizeRecoveryCode } from "./recovery-code/codes";

function flowActor(userId: string, flowId: string = crypto.randomUUID()): FlowActor {
  return { userId, flowId, flowExpiresAt: new Date(Date.now() + 15 * 60_000), ctx: testRequestContext() };
}

function totpAt(secret: string, offsetSteps: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * 30_000 });
}

/**
 * Freezes Date 1 s into the current TOTP step, so a test's step arithmetic (this step's code, the
 * previous one's) cannot cross a step boundary midway, however slow the machine (it did at load 20).
 */
function freezeClockAtStepStart(): void {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], now: now - (now % 30_000) + 1_000 });
}

afterEach(() => {
  vi.useRealTimers();
});

async function logCount(userId: string, type: string): Promise<number> {
  const db = await prisma();
  return db.logEvent.count({ where: { userId, type } });
}

describe("sealed factor secrets", () => {
  it("open only with the same context, and refuse a tampered value", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", "user-a");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(sealSecret("JBSWY3DPEHPK3PXP", "user-a")).not.toBe(sealed);
    expect(openSecret(sealed, "user-a")).toBe("JBSWY3DPEHPK3PXP");
    expect(() => openSecret(sealed, "user-b")).toThrow();
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(() => openSecret([v, iv, tag, flipped.toString("base64url")].join("."), "user-a")).toThrow();
  });
});

describe.each(testDatabaseKinds())("factors on %s", (kind) => {
  useTestDatabase(kind);

  it("changes need a recently confirmed password of this very user; a wrong one is refused", async () => {
    const { userId, actor } = await newReauthedUser();
    const other = await newReauthedUser();
    await expect(confirmPassword(userId, "not-the-password")).rejects.toMatchObject({ code: "WRONG_CURRENT_PASSWORD", fields: { password: expect.any(String) } });
    expect(await reauthValidUntil(userId, actor.reauth)).toBeInstanceOf(Date);
    // Another user's proof, garbage, or none: refused before anything is written.
    for (const reauth of [other.actor.reauth, undefined, "x".repeat(1_000_000), "😀.😀"]) {
      await expect(startOtpEnrollment({ ...actor, reauth })).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
      await expect(generateRecoveryCodes({ ...actor, reauth })).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
    }
    const db = await prisma();
    expect(await db.factor.count({ where: { userId } })).toBe(0);
    // Past its five minutes, the proof no longer counts.
    await db.factorChallenge.updateMany({ where: { userId, ceremony: "reauth" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(startOtpEnrollment(actor)).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
    const renewed = await confirmPassword(userId, TEST_PASSWORD);
    await expect(startOtpEnrollment({ ...actor, reauth: renewed.cookie })).resolves.toBeUndefined();
  });

  it("enrolls security keys and passkeys with server-side single-use challenges, then verifies an assertion bound to its flow", async () => {
    const { userId, actor } = await newReauthedUser();
    const rp = relyingParty();
    const key = softAuthenticator({ origin: rp.origin, rpId: rp.id });
    const creation = await startWebauthnRegistration(actor, "security-key");
    expect(creation.rp).toEqual({ id: rp.id, name: rp.name });
    expect(creation.authenticatorSelection).toMatchObject({ userVerification: "preferred", authenticatorAttachment: "cross-platform" });
    const response = key.register(creation);
    await expect(finishWebauthnRegistration(actor, { name: "YubiKey", response })).resolves.toMatchObject({ type: "webauthn-roaming", name: "YubiKey" });
    // The challenge was single use: the same answer again finds nothing to answer.
    await expect(finishWebauthnRegistration(actor, { name: "Again", response })).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });

    const passkey = softAuthenticator({ origin: rp.origin, rpId: rp.id, attachment: "platform" });
    const second = await startWebauthnRegistration(actor, "this-device");
    expect(second.excludeCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    await expect(finishWebauthnRegistration(actor, { name: "Laptop", response: passkey.register(second) })).resolves.toMatchObject({ type: "webauthn-platform" });

    // A registration made for another origin fails, and its challenge is gone all the same.
    const third = softAuthenticator({ origin: rp.origin, rpId: rp.id });
    await expect(finishWebauthnRegistration(actor, { name: "Phish", response: third.register(await startWebauthnRegistration(actor, "security-key"), { origin: "https://evil.example" }) })).rejects.toMatchObject({
      code: "WEBAUTHN_FAILED",
    });
    const db = await prisma();
    expect(await db.factorChallenge.count({ where: { userId, ceremony: "registration" } })).toBe(0);
    expect(await listEnrolledFactors(userId)).toEqual([{ type: "webauthn-roaming" }, { type: "webauthn-platform" }]);
    expect(await logCount(userId, "gd_enrollment_complete")).toBe(2);

    // Authentication within a reset: only keys of the allowed types are offered.
    const flowA = flowActor(userId);
    const request = await startWebauthnChallenge(flowA, ["webauthn-roaming"]);
    expect(request.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    expect(request.userVerification).toBe("preferred");
    // Flow B's challenge cannot be satisfied with an assertion made for flow A's.
    const flowB = flowActor(userId);
    await startWebauthnChallenge(flowB, ["webauthn-roaming"]);
    const assertionForA = key.assert(request);
    await expect(verifyWebauthnChallenge(flowB, ["webauthn-roaming"], assertionForA)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    await expect(verifyWebauthnChallenge(flowA, ["webauthn-roaming"], assertionForA)).resolves.toMatchObject({ type: "webauthn-roaming" });
    expect((await db.factor.findFirstOrThrow({ where: { credentialId: key.credentialId } })).counter).toBe(1);
    // Replayed: the challenge is gone. Each refusal says why in English and carries its catalog ID for the pages.
    await expect(verifyWebauthnChallenge(flowA, ["webauthn-roaming"], assertionForA)).rejects.toMatchObject({
      code: "WEBAUTHN_FAILED",
      message: "This attempt expired. Try again.",
      messageId: { id: "webauthn.attemptExpired" },
    });
    // A passkey is not accepted where only a roaming key is allowed.
    const request2 = await startWebauthnChallenge(flowA, ["webauthn-roaming"]);
    await expect(verifyWebauthnChallenge(flowA, ["webauthn-roaming"], passkey.assert(request2))).rejects.toMatchObject({
      code: "WEBAUTHN_FAILED",
      message: "This key is not registered for your account. Try another one.",
      messageId: { id: "webauthn.keyNotRegistered" },
    });
    // A cloned key whose counter went backwards is refused.
    const request3 = await startWebauthnChallenge(flowA, ["webauthn-roaming"]);
    await expect(verifyWebauthnChallenge(flowA, ["webauthn-roaming"], key.assert(request3, { counter: 1 }))).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    expect(await db.factorChallenge.count({ where: { userId, ceremony: "authentication", flowId: flowA.flowId } })).toBe(0);
  });

  it("an authenticator app counts only once confirmed, accepts ±1 step, and refuses a replayed code", async () => {
    freezeClockAtStepStart();
    const { userId, actor } = await newReauthedUser();
    await startOtpEnrollment(actor);
    const pending = (await pendingOtpEnrollment(userId))!;
    expect(pending.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(pending.uri).toMatch(/^otpauth:\/\/totp\/Rekey:.+\?issuer=Rekey&secret=/);
    expect(pending.qrSvg).toMatch(/^<svg[\s\S]+<\/svg>\s*$/);
    const db = await prisma();
    expect((await db.factor.findFirstOrThrow({ where: { userId, type: "otp" } })).secretSealed).not.toContain(pending.secret);
    expect(await listEnrolledFactors(userId)).toEqual([]);

    await expect(confirmOtpEnrollment(actor, totpAt(pending.secret, 5))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await confirmOtpEnrollment(actor, totpAt(pending.secret, 0));
    expect(await listEnrolledFactors(userId)).toEqual([{ type: "otp" }]);
    await expect(startOtpEnrollment(actor)).rejects.toMatchObject({ code: "FACTOR_EXISTS" });

    const flow = flowActor(userId);
    // The code that confirmed the app cannot pass a reset, nor can an older one.
    await expect(verifyOtp(flow, totpAt(pending.secret, 0))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await expect(verifyOtp(flow, totpAt(pending.secret, -1))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    // The next step's code (clock drift) passes once.
    await expect(verifyOtp(flow, totpAt(pending.secret, 1))).resolves.toHaveProperty("factorId");
    await expect(verifyOtp(flowActor(userId), totpAt(pending.secret, 1))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID", detail: "code already used (replay)" });
  });

  it("five wrong authenticator codes close that method for the flow, even for the right code", async () => {
    freezeClockAtStepStart();
    const { userId, actor } = await newReauthedUser();
    await startOtpEnrollment(actor);
    const { secret } = (await pendingOtpEnrollment(userId))!;
    await confirmOtpEnrollment(actor, totpAt(secret, -1));
    const flow = flowActor(userId);
    const wrong = totpAt(secret, 0) === "000000" ? "111111" : "000000";
    const errors = [];
    for (let i = 0; i < MAX_FACTOR_ATTEMPTS; i++) errors.push(await verifyOtp(flow, wrong).catch((e) => e.message));
    expect(errors[0]).toMatch(/4 tries left/);
    expect(errors.at(-1)).toMatch(/Too many wrong codes/);
    await expect(verifyOtp(flow, totpAt(secret, 0))).rejects.toMatchObject({ code: "FACTOR_CODE_ATTEMPTS" });
    // Another flow has its own budget.
    await expect(verifyOtp(flowActor(userId), totpAt(secret, 0))).resolves.toHaveProperty("factorId");
  });

  it("email codes need a verified address: a code sent to it verifies it and turns the factor on", async () => {
    const { userId, email, actor } = await newReauthedUser();
    await expect(enableEmailFactor(actor)).resolves.toEqual({ enabled: false, sentTo: expect.stringMatching(/^f•••@example\.com$/) });
    expect(await pendingEmailVerification(userId)).toEqual({ sentTo: expect.any(String) });
    const code = await lastCodeTo("email.send", email);
    await expect(confirmEmailFactor(actor, code === "000000" ? "111111" : "000000")).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await confirmEmailFactor(actor, code);
    const db = await prisma();
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerified).toBe(true);
    expect(await listEnrolledFactors(userId)).toEqual([{ type: "email" }]);
    expect(await logCount(userId, "gd_send_email")).toBe(1);

    const verified = await newReauthedUser({ emailVerified: true });
    await expect(enableEmailFactor(verified.actor)).resolves.toEqual({ enabled: true });
    await expect(enableEmailFactor(verified.actor)).rejects.toMatchObject({ code: "FACTOR_EXISTS" });

    // In a reset: the code is bound to its flow, deleted once used, and dies after five wrong tries.
    const flowA = flowActor(userId);
    const flowB = flowActor(userId);
    await sendEmailOtp(flowA);
    const codeA = await lastCodeTo("email.send", email);
    await expect(verifyEmailOtp(flowB, codeA)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
    await verifyEmailOtp(flowA, codeA);
    expect(await db.factorChallenge.count({ where: { flowId: flowA.flowId } })).toBe(0);
    await expect(verifyEmailOtp(flowA, codeA)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
    await sendEmailOtp(flowB);
    const codeB = await lastCodeTo("email.send", email);
    const wrong = codeB === "000000" ? "111111" : "000000";
    for (let i = 0; i < MAX_FACTOR_ATTEMPTS - 1; i++) await expect(verifyEmailOtp(flowB, wrong)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await expect(verifyEmailOtp(flowB, wrong)).rejects.toMatchObject({ code: "FACTOR_CODE_ATTEMPTS" });
    await expect(verifyEmailOtp(flowB, codeB)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
  });

  it("a phone is confirmed by an SMS code; SMS are jobs, limited per flow and per user", async () => {
    const { userId, actor } = await newReauthedUser();
    const number = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await expect(startPhoneEnrollment(actor, number)).resolves.toEqual({ sentTo: expect.stringMatching(/^\+1•••\d\d$/) });
    expect(await pendingPhoneEnrollment(userId)).toMatchObject({ sentTo: expect.any(String) });
    const code = await lastCodeTo("sms.send", number);
    expect((await lastJobTo("sms.send", number)).body).toContain(`@${relyingParty().id} #${code}`);
    expect(await listEnrolledFactors(userId)).toEqual([]);
    await confirmPhoneEnrollment(actor, code);
    expect(await listEnrolledFactors(userId)).toEqual([{ type: "phone", options: { preferredMethod: "sms" } }]);

    const flow = flowActor(userId);
    for (let i = 0; i < 3; i++) await sendSmsOtp(flow);
    await expect(sendSmsOtp(flow)).rejects.toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(await logCount(userId, "gd_send_sms_failure")).toBe(1);
    // Only the newest code works.
    const newest = await lastCodeTo("sms.send", number);
    await verifySmsOtp(flow, newest);
    // Used once: the same code again is refused (replay).
    await expect(verifySmsOtp(flow, newest)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
    // Auth0's 10 an hour per user, across flows: 1 enrollment + 3 above, then 6 more.
    for (let i = 0; i < 6; i++) await sendSmsOtp(flowActor(userId, crypto.randomUUID()));
    await expect(sendSmsOtp(flowActor(userId))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await logCount(userId, "gd_send_sms")).toBe(10);
  });

  it("the dev SMS provider files messages in the dev mailbox; the HTTP provider POSTs {to, body}", async () => {
    const controller = new AbortController();
    await devSmsProvider.send({ to: "+15550001111", body: "123456 is your code" }, { id: crypto.randomUUID(), signal: controller.signal });
    const db = await prisma();
    expect(await db.mailMessage.findFirst({ where: { to: "+15550001111@sms.dev" } })).toMatchObject({ subject: "SMS to +15550001111", text: "123456 is your code" });

    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
      const handler = sendSmsJobHandler(() => httpSmsProvider(url, "provider-token"));
      const job = { id: crypto.randomUUID(), type: "sms.send", attempt: 1, maxAttempts: 5, signal: controller.signal };
      await expect(handler({ ...job, payload: { to: "+15550002222", body: "654321" } })).resolves.toEqual({ payload: { to: "+15550002222", bodyRemoved: true } });
      expect(JSON.parse(received[0]!.body)).toEqual({ to: "+15550002222", body: "654321" });
      expect(received[0]!.headers).toMatchObject({ authorization: "Bearer provider-token", "idempotency-key": job.id });
      status = 400;
      await expect(handler({ ...job, payload: { to: "+15550002222", body: "x" } })).rejects.toMatchObject({ name: "PermanentJobError" });
      status = 503;
      await expect(handler({ ...job, payload: { to: "+15550002222", body: "x" } })).rejects.toThrow(/503/);
      await expect(handler({ ...job, payload: { to: "not a number", body: "x" } })).rejects.toMatchObject({ name: "PermanentJobError" });
    } finally {
      server.close();
    }
  });

  it("recovery codes: ten, shown once, stored hashed, each single use; a new set replaces the old", async () => {
    const { userId, actor } = await newReauthedUser();
    const codes = await generateRecoveryCodes(actor);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const db = await prisma();
    const rows = await db.recoveryCode.findMany({ where: { userId } });
    expect(rows).toHaveLength(10);
    for (const row of rows) for (const code of codes) expect(row.codeHash).not.toContain(normalizeRecoveryCode(code));
    expect(await listEnrolledFactors(userId)).toEqual([{ type: "recovery-code" }]);

    const flow = flowActor(userId);
    await expect(verifyRecoveryCode(flow, normalizeRecoveryCode(codes[0]!.toLowerCase()))).resolves.toEqual({ remaining: 9 });
    await expect(verifyRecoveryCode(flowActor(userId), normalizeRecoveryCode(codes[0]!))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID", detail: "recovery code used again" });

    const fresh = await generateRecoveryCodes(actor);
    await expect(verifyRecoveryCode(flowActor(userId), normalizeRecoveryCode(codes[1]!))).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await expect(verifyRecoveryCode(flowActor(userId), normalizeRecoveryCode(fresh[1]!))).resolves.toEqual({ remaining: 9 });
    expect(await listAccountFactors(userId)).toEqual([expect.objectContaining({ type: "recovery-code", detail: "9 of 10 left" })]);
  });

  it("removes only the owner's factor, with a password confirmed, and logs gd_unenroll", async () => {
    const { userId, actor } = await newReauthedUser();
    const other = await newReauthedUser();
    await generateRecoveryCodes(actor);
    const [factor] = await listAccountFactors(userId);
    await expect(removeFactor(other.actor, factor!.id)).rejects.toMatchObject({ code: "FACTOR_NOT_FOUND" });
    await expect(removeFactor({ ...actor, reauth: undefined }, factor!.id)).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
    await removeFactor(actor, factor!.id);
    const db = await prisma();
    expect(await db.recoveryCode.count({ where: { userId } })).toBe(0);
    expect(await listEnrolledFactors(userId)).toEqual([]);
    expect(await logCount(userId, "gd_unenroll")).toBe(1);
    await expect(removeFactor(actor, factor!.id)).rejects.toMatchObject({ code: "FACTOR_NOT_FOUND" });
  });

  it("a new challenge takes the user's expired ones away; live ones of other flows stay", async () => {
    const { userId, email } = await newReauthedUser({ emailVerified: true });
    const db = await prisma();
    await db.factor.create({ data: { userId, type: "email", name: "Email", address: email, confirmedAt: new Date() } });
    const expired = await db.factorChallenge.create({ data: { userId, flowId: crypto.randomUUID(), ceremony: "sms-otp", secret: "x", expiresAt: new Date(Date.now() - 1000) } });
    const otherFlow = flowActor(userId);
    await sendEmailOtp(otherFlow);
    await sendEmailOtp(flowActor(userId));
    expect(await db.factorChallenge.count({ where: { id: expired.id } })).toBe(0);
    expect(await db.factorChallenge.count({ where: { flowId: otherFlow.flowId } })).toBe(1);
  });

  it("two parallel redemptions of one code: exactly one wins", async () => {
    const { userId, email } = await newReauthedUser({ emailVerified: true });
    const db = await prisma();
    await db.factor.create({ data: { userId, type: "email", name: "Email", address: email, confirmedAt: new Date() } });
    const flow = flowActor(userId);
    await sendEmailOtp(flow);
    const code = await lastCodeTo("email.send", email);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => verifyEmailOtp(flow, code)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
