import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { confirmOtpEnrollment, pendingOtpEnrollment, relyingParty, startOtpEnrollment } from "@/lib/factors";
import { newReauthedUser } from "@/lib/factors/testing/fixtures";
import { softAuthenticator } from "@/lib/factors/testing/soft-authenticator";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { signInWithProof } from "@/lib/users";
import { Secret, TOTP } from "otpauth";
import * as startRoute from "@/app/login/verify/webauthn/enroll/start/route";
import * as checkRoute from "@/app/login/verify/webauthn/enroll/check/route";
import { loadProofStep, startSignInKeyEnrollment, startSignInWebauthn, type StartedKeyEnrollment } from ".";
import { passwordStep, proofStepRequest, setMfaPolicy } from "./testing/fixtures";

const rp = () => relyingParty();

/** The set-up step's two routes, as the page's script calls them, with this handle as the pending sign-in's cookie. */
async function start(handle: string | undefined, factor = "webauthn-roaming") {
  const response = await startRoute.POST(proofStepRequest("/login/verify/webauthn/enroll/start", { factor, callbackUrl: "/account" }, handle));
  return { status: response.status, body: (await response.json()) as StartedKeyEnrollment & { error?: { code: string } } };
}

async function check(handle: string | undefined, body: Record<string, unknown>) {
  const response = await checkRoute.POST(proofStepRequest("/login/verify/webauthn/enroll/check", { factor: "webauthn-roaming", name: "Desk key", callbackUrl: "/account", ...body }, handle));
  return { status: response.status, body: (await response.json()) as { next?: string; error?: { code: string } }, cookies: response.headers.getSetCookie() };
}

async function keysOf(userId: string): Promise<number> {
  const db = await prisma();
  return db.factor.count({ where: { userId, type: { in: ["webauthn-roaming", "webauthn-platform"] } } });
}

describe.each(testDatabaseKinds())("a security key or passkey set up at sign-in (MFA policy always) on %s", (kind) => {
  useTestDatabase(kind);
  afterEach(() => setMfaPolicy("enrolled"));

  it("a passkey made at the set-up step signs in with amr pwd+swk+mfa, is logged as the account page logs it, and is asked for next time", async () => {
    await setMfaPolicy("always");
    const { userId, email } = await newReauthedUser();
    const a = await passwordStep(email);
    const offered = (await loadProofStep(a.handle, a.ctx)).options.map((o) => o.method);
    expect(offered).toEqual(expect.arrayContaining(["webauthn-roaming", "webauthn-platform"]));
    const started = await startSignInKeyEnrollment(a.handle, "webauthn-platform", a.ctx);
    expect(started.options.authenticatorSelection?.authenticatorAttachment).toBe("platform");
    const key = softAuthenticator({ origin: rp().origin, rpId: rp().id, attachment: "platform" });
    const user = await signInWithProof(a.handle, { method: "webauthn-platform", registration: key.register(started.options), name: "Phone" }, a.ctx);
    expect(user).toMatchObject({ id: userId, amr: ["pwd", "swk", "mfa"] });
    const db = await prisma();
    expect(await db.factor.findMany({ where: { userId }, select: { type: true, name: true, credentialId: true } })).toEqual([{ type: "webauthn-platform", name: "Phone", credentialId: key.credentialId }]);
    const logs = await db.logEvent.findMany({ where: { userId, type: { in: ["gd_enrollment_complete", "gd_auth_succeed", "s"] } }, orderBy: { date: "asc" } });
    expect(logs.map((l) => l.type)).toEqual(["gd_enrollment_complete", "gd_auth_succeed", "s"]);
    expect(logs[0]!.details).toMatchObject({ factor: "webauthn-platform" });

    const b = await passwordStep(email);
    const next = await loadProofStep(b.handle, b.ctx);
    expect([next.reason, next.options.map((o) => o.method)]).toEqual(["second_factor", ["webauthn-platform"]]);
    const challenge = await startSignInWebauthn(b.handle, "webauthn-platform", b.ctx);
    if (challenge.kind !== "webauthn") throw new Error("expected WebAuthn options");
    await expect(signInWithProof(b.handle, { method: "webauthn-platform", response: key.assert(challenge.options) }, b.ctx)).resolves.toMatchObject({ amr: ["pwd", "swk", "mfa"] });
  });

  it("the set-up routes refuse a forged or absent pending sign-in, another step's, another user's registration and a replayed challenge, with 4xx and stable codes", async () => {
    await setMfaPolicy("always");
    const alice = await newReauthedUser();
    const bob = await newReauthedUser();
    const a = await passwordStep(alice.email);
    const b = await passwordStep(bob.email);
    const aliceKey = softAuthenticator({ origin: rp().origin, rpId: rp().id });
    const bobKey = softAuthenticator({ origin: rp().origin, rpId: rp().id });

    // A forged or absent pending sign-in: nothing to set up, before any key is asked.
    const shaped = aliceKey.register((await start(a.handle)).body.options);
    for (const cookie of [undefined, "x".repeat(43), "not a handle", `${a.handle}x`]) {
      expect(await start(cookie)).toMatchObject({ status: 410, body: { error: { code: "SIGN_IN_EXPIRED" } } });
      expect(await check(cookie, { response: shaped })).toMatchObject({ status: 410, body: { error: { code: "SIGN_IN_EXPIRED" } } });
    }
    // Malformed answers and a method that is no key: 400, no try taken.
    expect(await check(a.handle, { response: { id: "x" } })).toMatchObject({ status: 400, body: { error: { code: "INVALID_INPUT" } } });
    expect(await check(a.handle, { factor: "otp", response: shaped })).toMatchObject({ status: 400, body: { error: { code: "INVALID_INPUT" } } });
    expect(await start(a.handle, "otp")).toMatchObject({ status: 400, body: { error: { code: "INVALID_INPUT" } } });
    expect((await loadProofStep(a.handle, a.ctx)).attemptsLeft).toBe(5);

    // Bob's registration, answering Bob's challenge, sent with Alice's pending sign-in: refused, and
    // Alice's challenge is spent with it; Bob's own sign-in still completes with it.
    const bobStarted = await start(b.handle);
    const bobs = bobKey.register(bobStarted.body.options);
    expect(await check(a.handle, { response: bobs })).toMatchObject({ status: 400, body: { error: { code: "WEBAUTHN_FAILED" } } });
    expect(await check(a.handle, { response: shaped })).toMatchObject({ status: 400, body: { error: { code: "WEBAUTHN_FAILED" } } });
    expect(await keysOf(alice.userId)).toBe(0);
    const bobIn = await check(b.handle, { response: bobs });
    expect(bobIn).toMatchObject({ status: 200, body: { next: "/account" } });
    expect(bobIn.cookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(true);

    // A replayed challenge: an answer to a challenge a newer start replaced is refused; an answer
    // that signed in once cannot sign in again.
    const old = aliceKey.register((await start(a.handle)).body.options);
    const fresh = (await start(a.handle)).body.options;
    expect(await check(a.handle, { response: old })).toMatchObject({ status: 400, body: { error: { code: "WEBAUTHN_FAILED" } } });
    // The refused answer spent the newer challenge too: each serves one attempt.
    expect(await check(a.handle, { response: aliceKey.register(fresh) })).toMatchObject({ status: 400, body: { error: { code: "WEBAUTHN_FAILED" } } });
    expect(await keysOf(alice.userId)).toBe(0);
    const good = aliceKey.register((await start(a.handle)).body.options);
    expect(await check(a.handle, { response: good })).toMatchObject({ status: 200, body: { next: "/account" } });
    expect(await check(a.handle, { response: good })).toMatchObject({ status: 410, body: { error: { code: "SIGN_IN_EXPIRED" } } });
    expect(await keysOf(alice.userId)).toBe(1);

    // Another step's pending sign-in (Alice now has a key: her next sign-in asks for it) sets up nothing.
    const again = await passwordStep(alice.email);
    expect(await start(again.handle)).toMatchObject({ status: 403, body: { error: { code: "FACTOR_NOT_ALLOWED" } } });
    expect(await check(again.handle, { response: good })).toMatchObject({ status: 403, body: { error: { code: "FACTOR_NOT_ALLOWED" } } });
    expect((await loadProofStep(again.handle, again.ctx)).attemptsLeft).toBe(5);
  });

  it("a factor set up meanwhile (the account page, another tab) ends the set-up step: the password alone never adds a second one", async () => {
    await setMfaPolicy("always");
    const { userId, email, actor } = await newReauthedUser();
    const a = await passwordStep(email);
    const started = (await start(a.handle)).body.options;
    await startOtpEnrollment(actor);
    await confirmOtpEnrollment(actor, TOTP.generate({ secret: Secret.fromBase32((await pendingOtpEnrollment(userId))!.secret) }));
    const key = softAuthenticator({ origin: rp().origin, rpId: rp().id });
    expect(await start(a.handle)).toMatchObject({ status: 410, body: { error: { code: "SIGN_IN_EXPIRED" } } });
    expect(await check(a.handle, { response: key.register(started) })).toMatchObject({ status: 410, body: { error: { code: "SIGN_IN_EXPIRED" } } });
    expect(await keysOf(userId)).toBe(0);
  });
});
