import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { finishWebauthnRegistration, relyingParty, startPasskeySignIn, startWebauthnRegistration } from "@/lib/factors";
import { newReauthedUser } from "@/lib/factors/testing/fixtures";
import { softAuthenticator } from "@/lib/factors/testing/soft-authenticator";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { expectFloodRefused } from "@/lib/testing/rate-limit-flood";
import { signInWithPasskey } from ".";

async function userWithPasskey() {
  const { userId, actor } = await newReauthedUser();
  const rp = relyingParty();
  const passkey = softAuthenticator({ origin: rp.origin, rpId: rp.id, attachment: "platform" });
  await finishWebauthnRegistration(actor, { name: "Laptop", response: passkey.register(await startWebauthnRegistration(actor, "this-device")) });
  return { userId, passkey };
}

describe.each(testDatabaseKinds())("sign in with a passkey on %s", (kind) => {
  useTestDatabase(kind);

  it("a discoverable passkey signs in without a password, as two factors (amr swk+mfa); its ceremony answers once", async () => {
    const { userId, passkey } = await userWithPasskey();
    const ctx = testRequestContext();
    const { options, handle } = await startPasskeySignIn();
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    const response = passkey.assert(options);
    const user = await signInWithPasskey(handle, response, ctx);
    expect(user).toMatchObject({ id: userId, amr: ["swk", "mfa"] });
    // Replay of the same assertion: the challenge is gone.
    await expect(signInWithPasskey(handle, response, ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED", status: 400 });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { userId, type: "s" } })).toBe(1);
    // The lines carry the request's context (logContext) and the subject.
    const signedIn = await db.logEvent.findFirstOrThrow({ where: { userId, type: "s" } });
    expect(signedIn).toMatchObject({ ip: ctx.ip, userAgent: "vitest", userName: expect.stringContaining("@"), connectionId: expect.any(String) });
    expect(await db.logEvent.findFirst({ where: { type: "gd_auth_failed", ip: ctx.ip } })).toMatchObject({ userAgent: "vitest", userId: null, details: { factor: "passkey" } });
  });

  it("another browser's ceremony, a forged handle, an unknown credential or a blocked user does not sign in", async () => {
    const { userId, passkey } = await userWithPasskey();
    const ctx = testRequestContext();
    const mine = await startPasskeySignIn();
    const theirs = await startPasskeySignIn();
    // An assertion made for this browser's challenge, presented with another browser's cookie.
    await expect(signInWithPasskey(theirs.handle, passkey.assert(mine.options), ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    for (const handle of [undefined, "", "x".repeat(43), "../../etc"]) {
      await expect(signInWithPasskey(handle, passkey.assert((await startPasskeySignIn()).options), ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    }
    const rp = relyingParty();
    const stranger = softAuthenticator({ origin: rp.origin, rpId: rp.id, attachment: "platform" });
    const s = await startPasskeySignIn();
    await expect(signInWithPasskey(s.handle, stranger.assert(s.options), ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    const phish = await startPasskeySignIn();
    await expect(signInWithPasskey(phish.handle, passkey.assert(phish.options, { origin: "https://evil.example" }), ctx)).rejects.toMatchObject({ code: "WEBAUTHN_FAILED" });
    const db = await prisma();
    await db.user.update({ where: { id: userId }, data: { blocked: true } });
    const b = await startPasskeySignIn();
    await expect(signInWithPasskey(b.handle, passkey.assert(b.options), ctx)).rejects.toMatchObject({ code: "USER_BLOCKED" });
    expect(await db.session.count({ where: { userId } })).toBe(0);
  });

  it("refuses one IP's flood of passkey sign-ins past the per-IP sign-in limit: 429, the wait in words, Retry-After", async () => {
    const { userId, passkey } = await userWithPasskey();
    const ctx = testRequestContext();
    const response = passkey.assert((await startPasskeySignIn()).options);
    // Hostile: every request at once, a real assertion with no ceremony cookie (the cheapest request to send).
    await expectFloodRefused("signInPerIp", { attempt: () => signInWithPasskey(undefined, response, ctx), otherwise: "WEBAUTHN_FAILED", tooMany: "sign-in attempts" });
    const db = await prisma();
    expect(await db.session.count({ where: { userId } })).toBe(0);
  });
});
