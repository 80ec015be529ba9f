import { TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { prisma, type Prisma } from "@/lib/db";
import { generateRecoveryCodes, relyingParty, startWebauthnRegistration, finishWebauthnRegistration, type FactorType } from "@/lib/factors";
import { enrollAuthenticatorApp, lastCodeTo, newReauthedUser } from "@/lib/factors/testing/fixtures";
import { softAuthenticator } from "@/lib/factors/testing/soft-authenticator";
import { generateToken, hashToken } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { defaultConnection } from "@/lib/users";
import { encodeResetCookie, loadFactorStep, passFactor, startFactorStep, verifyFactorAssertion, verifyFactorCode, type ResetFlow } from ".";
import { progressOf, reloadFlow } from "./testing/fixtures";

type Challenge = { mode: "challengeWith" | "challengeWithAny"; factors: FactorType[]; action?: string };

/** A flow bound to a browser and put straight into awaiting_factor, as the trigger runner would. */
async function awaitingFlow(userId: string, email: string, challenge: Challenge, state = "awaiting_factor") {
  const secret = generateToken(32);
  const db = await prisma();
  const progress = { done: [], passed: [], challenge: { action: "10-mfa.js", ...challenge } };
  const flow = await db.resetFlow.create({
    data: {
      userId,
      connectionId: (await defaultConnection()).id,
      identifier: email,
      sentTo: email,
      state,
      requesterHash: hashToken(generateToken(32)),
      bindingHash: hashToken(secret),
      ticketConsumedAt: new Date(),
      progress: progress as Prisma.InputJsonValue,
      expiresAt: new Date(Date.now() + 15 * 60_000),
    },
  });
  return { flow, cookie: encodeResetCookie({ flowId: flow.id, secret }) };
}

async function reload(flowId: string): Promise<ResetFlow> {
  return reloadFlow(flowId);
}

async function logTypes(userId: string): Promise<string[]> {
  const db = await prisma();
  return (await db.logEvent.findMany({ where: { userId, type: { startsWith: "gd_" } }, orderBy: { id: "asc" } })).map((l) => l.type);
}

async function withOtp() {
  const user = await newReauthedUser({ emailVerified: true });
  const secret = await enrollAuthenticatorApp(user.actor);
  return { ...user, totp: () => TOTP.generate({ secret }) };
}

describe.each(testDatabaseKinds())("the challenge step of a reset on %s", (kind) => {
  useTestDatabase(kind);

  it("offers the allowed, enrolled methods in the Action's order, and passes one: the flow moves on", async () => {
    const user = await withOtp();
    const codes = await generateRecoveryCodes(user.actor);
    const { flow, cookie } = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["webauthn-roaming", "otp", "recovery-code", "phone"] });
    const ctx = testRequestContext();
    // No key and no phone enrolled: those are not offered.
    expect(await loadFactorStep(cookie, ctx)).toEqual({
      mode: "challengeWith",
      options: [
        { type: "otp", open: true },
        { type: "recovery-code", detail: "10 codes left", open: true },
      ],
    });
    await expect(verifyFactorCode(cookie, { factor: "otp", code: user.totp() }, ctx)).resolves.toEqual({ next: "/reset/password", factor: "otp" });
    const after = await reload(flow.id);
    expect(after.state).toBe("password_allowed");
    const progress = progressOf(after);
    expect(progress.challenge).toBeUndefined();
    expect(progress.passed).toEqual([{ type: "otp", at: expect.any(String) }]);
    const db = await prisma();
    expect(await db.factorChallenge.count({ where: { flowId: flow.id } })).toBe(0);
    expect(await logTypes(user.userId)).toContain("gd_auth_succeed");
    // Nothing more to pass in this flow.
    await expect(verifyFactorCode(cookie, { factor: "recovery-code", code: codes[0]! }, ctx)).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
  });

  it("refuses a method the challenge did not ask for, a flow in another state, and another browser", async () => {
    const user = await withOtp();
    const { cookie } = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["email"] });
    const ctx = testRequestContext();
    await expect(verifyFactorCode(cookie, { factor: "otp", code: user.totp() }, ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    await expect(startFactorStep(cookie, "phone", ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    const wrongBrowser = `${cookie.split(".")[0]}.${generateToken(32)}`;
    await expect(verifyFactorCode(wrongBrowser, { factor: "email", code: "123456" }, ctx)).rejects.toMatchObject({ code: "RESET_WRONG_BROWSER" });
    await expect(loadFactorStep(undefined, ctx)).rejects.toMatchObject({ code: "RESET_NOT_FOUND" });
    const other = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["otp"] }, "link_verified");
    await expect(verifyFactorCode(other.cookie, { factor: "otp", code: user.totp() }, ctx)).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
    // A malformed code is refused before any try is spent.
    await expect(verifyFactorCode(cookie, { factor: "email", code: "12 34" }, ctx)).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { code: expect.any(String) } });
  });

  it("an emailed code is bound to its flow: flow A's code cannot satisfy flow B", async () => {
    const user = await newReauthedUser({ emailVerified: true });
    const db = await prisma();
    await db.factor.create({ data: { userId: user.userId, type: "email", name: "Email", address: user.email, confirmedAt: new Date() } });
    const a = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["email"] });
    const b = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["email"] });
    const ctx = testRequestContext();
    expect((await loadFactorStep(a.cookie, ctx)).options).toEqual([{ type: "email", detail: "f•••@example.com", codeSent: false, open: true }]);
    await expect(startFactorStep(a.cookie, "email", ctx)).resolves.toMatchObject({ kind: "code-sent", sentTo: "f•••@example.com" });
    expect((await loadFactorStep(a.cookie, ctx)).options[0]).toMatchObject({ codeSent: true });
    const code = await lastCodeTo("email.send", user.email);
    await expect(verifyFactorCode(b.cookie, { factor: "email", code }, ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
    await expect(verifyFactorCode(a.cookie, { factor: "email", code }, ctx)).resolves.toMatchObject({ next: "/reset/password", factor: "email" });
    expect((await reload(b.flow.id)).state).toBe("awaiting_factor");
    expect(await logTypes(user.userId)).toEqual(["gd_send_email", "gd_auth_failed", "gd_auth_succeed"]);
  });

  it("a security key passes a challengeWithAny; its allowCredentials are the allowed types only", async () => {
    const user = await newReauthedUser();
    const rp = relyingParty();
    const key = softAuthenticator({ origin: rp.origin, rpId: rp.id });
    const passkey = softAuthenticator({ origin: rp.origin, rpId: rp.id, attachment: "platform" });
    await finishWebauthnRegistration(user.actor, { name: "Key", response: key.register(await startWebauthnRegistration(user.actor, "security-key")) });
    await finishWebauthnRegistration(user.actor, { name: "Laptop", response: passkey.register(await startWebauthnRegistration(user.actor, "this-device")) });
    await generateRecoveryCodes(user.actor);
    const { flow, cookie } = await awaitingFlow(user.userId, user.email, { mode: "challengeWithAny", factors: ["recovery-code", "webauthn-roaming"] });
    const ctx = testRequestContext();
    expect((await loadFactorStep(cookie, ctx)).options.map((o) => o.type)).toEqual(["recovery-code", "webauthn-roaming"]);
    const started = await startFactorStep(cookie, "webauthn-roaming", ctx);
    if (started.kind !== "webauthn") throw new Error("expected WebAuthn options");
    expect(started.options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    const failed = await verifyFactorAssertion(cookie, { factor: "webauthn-roaming", response: passkey.assert(started.options) }, ctx).catch((e) => e);
    expect(failed).toMatchObject({ code: "WEBAUTHN_FAILED" });
    // Retry after a failure: a new challenge, and the right key.
    const retry = await startFactorStep(cookie, "webauthn-roaming", ctx);
    if (retry.kind !== "webauthn") throw new Error("expected WebAuthn options");
    await expect(verifyFactorAssertion(cookie, { factor: "webauthn-roaming", response: key.assert(retry.options) }, ctx)).resolves.toMatchObject({ factor: "webauthn-roaming" });
    expect(progressOf(await reload(flow.id)).passed!.map((p) => p.type)).toEqual(["webauthn-roaming"]);
  });

  it("a recovery code passes once and says how many are left; wrong ones are logged as recovery failures", async () => {
    const user = await newReauthedUser();
    const codes = await generateRecoveryCodes(user.actor);
    const a = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["recovery-code"] });
    const b = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["recovery-code"] });
    const ctx = testRequestContext();
    await expect(verifyFactorCode(a.cookie, { factor: "recovery-code", code: "ZZZZZ-ZZZZZ" }, ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID", message: expect.stringContaining("4 tries left") });
    await expect(verifyFactorCode(a.cookie, { factor: "recovery-code", code: codes[3]!.toLowerCase() }, ctx)).resolves.toEqual({ next: "/reset/password", factor: "recovery-code", remainingRecoveryCodes: 9 });
    await expect(verifyFactorCode(b.cookie, { factor: "recovery-code", code: codes[3]! }, ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    expect(await logTypes(user.userId)).toEqual(["gd_enrollment_complete", "gd_recovery_failed", "gd_recovery_succeed", "gd_recovery_failed"]);
    const db = await prisma();
    const reused = await db.logEvent.findFirstOrThrow({ where: { userId: user.userId, type: "gd_recovery_failed" }, orderBy: { id: "desc" } });
    expect(reused.details).toMatchObject({ flowId: b.flow.id, detail: "recovery code used again" });
  });

  it("two browsers racing to pass one flow: exactly one moves it", async () => {
    const user = await newReauthedUser();
    const codes = await generateRecoveryCodes(user.actor);
    const { flow, cookie } = await awaitingFlow(user.userId, user.email, { mode: "challengeWith", factors: ["recovery-code"] });
    const ctx = testRequestContext();
    const results = await Promise.allSettled([codes[0]!, codes[1]!].map((code) => verifyFactorCode(cookie, { factor: "recovery-code", code }, ctx)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(progressOf(await reload(flow.id)).passed).toHaveLength(1);
    // passFactor itself refuses a flow that left awaiting_factor.
    await expect(passFactor(await reload(flow.id), "recovery-code", ctx)).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
  });
});
