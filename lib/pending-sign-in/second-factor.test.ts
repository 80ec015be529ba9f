import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import {
  confirmOtpEnrollment,
  FACTOR_LABELS,
  FACTOR_STRATEGIES,
  finishWebauthnRegistration,
  generateRecoveryCodes,
  pendingOtpEnrollment,
  relyingParty,
  startOtpEnrollment,
  startWebauthnRegistration,
  SUPPORTED_FACTOR_TYPES,
} from "@/lib/factors";
import { lastCodeTo, newReauthedUser } from "@/lib/factors/testing/fixtures";
import { softAuthenticator } from "@/lib/factors/testing/soft-authenticator";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { secondFactorNeed, signInWithPassword, signInWithProof } from "@/lib/users";
import * as sendRoute from "@/app/login/verify/send/route";
import { loadProofStep, sendProofCode, signInEnrollment, startSignInWebauthn } from ".";
import { passwordStep, proofStepRequest, setMfaPolicy } from "./testing/fixtures";

function totpNow(secret: string, offsetSteps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * 30_000 });
}

async function userWithOtp(): Promise<{ userId: string; email: string; secret: string }> {
  const { userId, email, actor } = await newReauthedUser();
  await startOtpEnrollment(actor);
  const secret = (await pendingOtpEnrollment(userId))!.secret;
  // The enrollment's code is a step behind, so the sign-in's code of "now" is newer than it.
  await confirmOtpEnrollment(actor, totpNow(secret, -1));
  return { userId, email, secret };
}

describe("the MFA policy", () => {
  it("never asks nothing; when enrolled asks users with a factor; always also makes the others set one up", () => {
    expect(secondFactorNeed("never", true)).toBe("none");
    expect(secondFactorNeed("never", false)).toBe("none");
    expect(secondFactorNeed("enrolled", true)).toBe("challenge");
    expect(secondFactorNeed("enrolled", false)).toBe("none");
    expect(secondFactorNeed("always", true)).toBe("challenge");
    expect(secondFactorNeed("always", false)).toBe("enroll");
    // A value the code does not know is read as the default, never as "never".
    expect(secondFactorNeed("sometimes", true)).toBe("challenge");
  });

  it("the registry has one strategy per supported factor, each with its label and amr", () => {
    expect(FACTOR_STRATEGIES.map((s) => s.type).sort()).toEqual([...SUPPORTED_FACTOR_TYPES].sort());
    for (const s of FACTOR_STRATEGIES) {
      expect(FACTOR_LABELS[s.type]).toBe(s.label);
      expect(s.amr.length).toBeGreaterThan(0);
    }
  });
});

describe.each(testDatabaseKinds())("second factor at sign-in on %s", (kind) => {
  useTestDatabase(kind);
  afterEach(() => setMfaPolicy("enrolled"));

  it("a user with an authenticator app is asked for it after the password; a right code signs in with amr pwd+otp+mfa", async () => {
    const { userId, email, secret } = await userWithOtp();
    const first = await passwordStep(email);
    expect(first.error).toMatchObject({ code: "PROOF_REQUIRED", status: 401 });
    const db = await prisma();
    expect(await db.session.count({ where: { userId } })).toBe(0);
    const step = await loadProofStep(first.handle, first.ctx);
    expect(step.reason).toBe("second_factor");
    expect(step.options.map((o) => o.method)).toEqual(["otp"]);
    await expect(signInWithProof(first.handle, { method: "otp", code: "000000" }, first.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID", status: 400 });
    const user = await signInWithProof(first.handle, { method: "otp", code: totpNow(secret) }, first.ctx);
    expect(user).toMatchObject({ id: userId, amr: ["pwd", "otp", "mfa"] });
    expect(await db.session.count({ where: { userId } })).toBe(1);
    // The pending sign-in was consumed: the same cookie cannot sign in a second time.
    await expect(signInWithProof(first.handle, { method: "otp", code: totpNow(secret) }, first.ctx)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
    const logs = await db.logEvent.findMany({ where: { userId, type: { in: ["gd_auth_succeed", "gd_auth_failed", "s"] } }, orderBy: { date: "asc" } });
    expect(logs.map((l) => l.type)).toEqual(["gd_auth_failed", "gd_auth_succeed", "s"]);
  });

  it("a TOTP code that signed in once is refused by the next sign-in (replay)", async () => {
    const { email, secret } = await userWithOtp();
    const code = totpNow(secret);
    const a = await passwordStep(email);
    await signInWithProof(a.handle, { method: "otp", code }, a.ctx);
    const b = await passwordStep(email);
    await expect(signInWithProof(b.handle, { method: "otp", code }, b.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
  });

  it("five wrong codes end the pending sign-in: a right code after them does not sign in", async () => {
    const { email, secret } = await userWithOtp();
    const a = await passwordStep(email);
    for (let i = 0; i < 4; i++) await expect(signInWithProof(a.handle, { method: "otp", code: "111111" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await expect(signInWithProof(a.handle, { method: "otp", code: "111111" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_ATTEMPTS" });
    await expect(signInWithProof(a.handle, { method: "otp", code: totpNow(secret) }, a.ctx)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
  });

  it("a pending sign-in belongs to its browser's cookie: another browser's, a forged one, or none cannot complete it", async () => {
    const { email, secret } = await userWithOtp();
    const mine = await passwordStep(email);
    const code = totpNow(secret);
    for (const cookie of [undefined, "x".repeat(43), "not a handle", `${mine.handle}x`]) {
      await expect(signInWithProof(cookie, { method: "otp", code }, mine.ctx)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED", status: expect.any(Number) });
    }
    // Another user's pending sign-in answers only its own factor: this user's code does not open it.
    const other = await userWithOtp();
    const theirs = await passwordStep(other.email);
    await expect(signInWithProof(theirs.handle, { method: "otp", code }, theirs.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    await expect(signInWithProof(mine.handle, { method: "otp", code }, mine.ctx)).resolves.toMatchObject({ amr: ["pwd", "otp", "mfa"] });
  });

  it("a method the user has not enrolled is refused, and a malformed code costs no try", async () => {
    const { email } = await userWithOtp();
    const a = await passwordStep(email);
    await expect(signInWithProof(a.handle, { method: "phone", code: "123456" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED", status: 403 });
    await expect(sendProofCode(a.handle, "email", a.ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    await expect(signInWithProof(a.handle, { method: "otp", code: "12ab" }, a.ctx)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await loadProofStep(a.handle, a.ctx)).attemptsLeft).toBe(5);
  });

  it("use another method: a recovery code signs in too, with the code then used up", async () => {
    const { userId, email, actor } = await newReauthedUser();
    await startOtpEnrollment(actor);
    await confirmOtpEnrollment(actor, totpNow((await pendingOtpEnrollment(userId))!.secret, -1));
    const [code] = await generateRecoveryCodes(actor);
    const a = await passwordStep(email);
    expect((await loadProofStep(a.handle, a.ctx)).options.map((o) => o.method)).toEqual(["otp", "recovery-code"]);
    await expect(signInWithProof(a.handle, { method: "recovery-code", code: code! }, a.ctx)).resolves.toMatchObject({ id: userId, amr: ["pwd", "otp", "mfa"] });
    const b = await passwordStep(email);
    await expect(signInWithProof(b.handle, { method: "recovery-code", code: code! }, b.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
  });

  it("a security key signs in after the password (amr hwk); its challenge answers this pending sign-in only, once", async () => {
    const { userId, email, actor } = await newReauthedUser();
    const rp = relyingParty();
    const key = softAuthenticator({ origin: rp.origin, rpId: rp.id });
    await finishWebauthnRegistration(actor, { name: "Key", response: key.register(await startWebauthnRegistration(actor, "security-key")) });
    const a = await passwordStep(email);
    const started = await startSignInWebauthn(a.handle, "webauthn-roaming", a.ctx);
    if (started.kind !== "webauthn") throw new Error("expected WebAuthn options");
    expect(started.options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    const response = key.assert(started.options);
    // Another pending sign-in of the same user cannot use this assertion: its challenge is bound to a's row.
    const b = await passwordStep(email);
    await expect(signInWithProof(b.handle, { method: "webauthn-roaming", response }, b.ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    await expect(signInWithProof(a.handle, { method: "webauthn-roaming", response }, a.ctx)).resolves.toMatchObject({ id: userId, amr: ["pwd", "hwk", "mfa"] });
    await expect(startSignInWebauthn(a.handle, "webauthn-roaming", a.ctx)).rejects.toMatchObject({ code: "SIGN_IN_EXPIRED" });
  });

  it("policy never: a user with a factor signs in with the password alone", async () => {
    await setMfaPolicy("never");
    const { userId, email } = await userWithOtp();
    const { user } = await passwordStep(email);
    expect(user).toMatchObject({ id: userId, amr: ["pwd"] });
  });

  it("policy when enrolled: a user without a factor signs in with the password alone", async () => {
    const { userId, email } = await newReauthedUser();
    expect((await passwordStep(email)).user).toMatchObject({ id: userId, amr: ["pwd"] });
  });

  it("policy always: a user without a factor sets up an authenticator app, and its first code signs in", async () => {
    await setMfaPolicy("always");
    const { userId, email } = await newReauthedUser();
    const a = await passwordStep(email);
    expect(a.error).toMatchObject({ code: "PROOF_REQUIRED" });
    const step = await loadProofStep(a.handle, a.ctx);
    expect(step.reason).toBe("enroll_factor");
    const setUp = await signInEnrollment(a.handle);
    // Shown again, not replaced, on a reload.
    expect((await signInEnrollment(a.handle)).secret).toBe(setUp.secret);
    await expect(signInWithProof(a.handle, { method: "otp", code: "000000" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    const user = await signInWithProof(a.handle, { method: "otp", code: totpNow(setUp.secret) }, a.ctx);
    expect(user).toMatchObject({ id: userId, amr: ["pwd", "otp", "mfa"] });
    const db = await prisma();
    expect(await db.factor.count({ where: { userId, type: "otp", confirmedAt: { not: null } } })).toBe(1);
    // From now on the app is asked for like any factor.
    const b = await passwordStep(email);
    expect((await loadProofStep(b.handle, b.ctx)).reason).toBe("second_factor");
  });

  it("policy always: the user may set up codes by email or a phone instead, and the first code signs in", async () => {
    await setMfaPolicy("always");
    const byEmail = await newReauthedUser();
    const a = await passwordStep(byEmail.email);
    expect((await loadProofStep(a.handle, a.ctx)).options.map((o) => o.method)).toEqual(["otp", "email", "phone", "webauthn-roaming", "webauthn-platform"]);
    // A code typed before one was sent matches nothing.
    await expect(signInWithProof(a.handle, { method: "email", code: "000000" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_EXPIRED" });
    await sendProofCode(a.handle, "email", a.ctx);
    const emailed = await lastCodeTo("email.send", byEmail.email);
    const user = await signInWithProof(a.handle, { method: "email", code: emailed }, a.ctx);
    expect(user).toMatchObject({ id: byEmail.userId, amr: ["pwd", "otp", "mfa"] });
    const db = await prisma();
    expect(await db.factor.count({ where: { userId: byEmail.userId, type: "email", confirmedAt: { not: null } } })).toBe(1);
    expect((await loadProofStep((await passwordStep(byEmail.email)).handle, a.ctx)).reason).toBe("second_factor");

    const byPhone = await newReauthedUser();
    const b = await passwordStep(byPhone.email);
    await expect(sendProofCode(b.handle, "phone", b.ctx)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await sendProofCode(b.handle, "phone", b.ctx, { phoneNumber: "+447700900123" });
    const texted = await lastCodeTo("sms.send", "+447700900123");
    await expect(signInWithProof(b.handle, { method: "phone", code: texted === "000000" ? "111111" : "000000" }, b.ctx)).rejects.toMatchObject({ code: "FACTOR_CODE_INVALID" });
    expect(await signInWithProof(b.handle, { method: "phone", code: texted }, b.ctx)).toMatchObject({ id: byPhone.userId, amr: ["pwd", "sms", "mfa"] });
    expect(await db.factor.count({ where: { userId: byPhone.userId, type: "phone", confirmedAt: { not: null } } })).toBe(1);
  });

  it("policy always: hostile phone numbers at the set-up step go back to the page with INVALID_INPUT, and nothing is sent or stored", async () => {
    await setMfaPolicy("always");
    const { userId, email } = await newReauthedUser();
    const a = await passwordStep(email);
    const post = (phone: string) => sendRoute.POST(proofStepRequest("/login/verify/send", String(new URLSearchParams({ method: "phone", callbackUrl: "/account", phone })), a.handle));
    for (const phone of ["", "not a number", "+1\u0000555", "+".padEnd(65, "1"), "<script>", "+0123456789", "%2B15551234567"]) {
      const response = await post(phone);
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get("location")!);
      expect([location.pathname, location.searchParams.get("error"), location.searchParams.get("method")]).toEqual(["/login/verify", "INVALID_INPUT", "phone"]);
    }
    const db = await prisma();
    expect(await db.factor.count({ where: { userId } })).toBe(0);
  });

  it("policy always: another step's method (a recovery code, a key's sign-in ceremony) cannot be used to enroll", async () => {
    await setMfaPolicy("always");
    const { email } = await newReauthedUser();
    const a = await passwordStep(email);
    await expect(signInWithProof(a.handle, { method: "recovery-code", code: "ABCDE-FGHJK" }, a.ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
    await expect(startSignInWebauthn(a.handle, "webauthn-roaming", a.ctx)).rejects.toMatchObject({ code: "FACTOR_NOT_ALLOWED" });
  });

  it("a second-factor pending sign-in of a right password is not offered to a wrong one: a wrong password is refused outright", async () => {
    const { email } = await userWithOtp();
    const wrong = await signInWithPassword(email, "Not-The-Password-1", testRequestContext(), () => {
      throw new Error("a wrong password opened a pending sign-in");
    }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "INVALID_CREDENTIALS" });
  });
});
