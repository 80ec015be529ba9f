import { getServerSession } from "next-auth";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { SESSION_LIFETIME_SECONDS } from "@/lib/sessions";
import { createUser, defaultConnection, setUserPassword, signInWithPassword } from "@/lib/users";
import { authOptions } from "./options";
import { decodeSessionToken, sessionCookie, sessionCookieName } from "./session-token";
import { recordSignOut } from "./sign-out";

const PASSWORD = "Session-Test-Pass-42";

async function signedIn() {
  const email = `s${Math.random().toString(36).slice(2)}@example.com`;
  await createUser({ email, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
  const user = await signInWithPassword(email, PASSWORD, testRequestContext());
  return { user, cookie: (await sessionCookie(user)).value };
}

/**
 * Reads the session as next-auth does for every page (getServerSession) and for
 * /api/auth/session (the same route inside next-auth): the session, and the cookies it set.
 */
async function readSession(cookie: string) {
  const setCookies: string[] = [];
  const res = {
    getHeader: (name: string) => (name.toLowerCase() === "set-cookie" ? setCookies : undefined),
    setHeader: (name: string, value: string | string[]) => {
      if (name.toLowerCase() === "set-cookie") setCookies.splice(0, setCookies.length, ...([] as string[]).concat(value));
    },
    setCookie: () => undefined,
  };
  const session = await getServerSession({ headers: {}, cookies: { [sessionCookieName()]: cookie } } as never, res as never, authOptions());
  const reissued = setCookies.map((c) => /^([^=]+)=([^;]*)/.exec(c)).find((m) => m?.[1] === sessionCookieName() && m[2])?.[2];
  return { session, setCookies, reissued };
}

describe.each(testDatabaseKinds())("sessions on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: sign-out only deleted the cookie; a copy of it stayed valid for next-auth's 30 days.
  it("sign-out ends that session on the server: a copy of its cookie is refused, the user's other sessions go on", async () => {
    const a = await signedIn();
    const b = await signInWithPassword(a.user.email!, PASSWORD, testRequestContext());
    const bCookie = (await sessionCookie(b)).value;
    expect((await readSession(a.cookie)).session).toMatchObject({ uid: a.user.id });

    await recordSignOut(a.cookie, testRequestContext());
    const copy = await readSession(a.cookie);
    expect(copy.session).toBeNull();
    // next-auth answered `{}` and cleared the cookie.
    expect(copy.setCookies.some((c) => c.startsWith(`${sessionCookieName()}=;`))).toBe(true);
    expect((await readSession(bCookie)).session).toMatchObject({ uid: a.user.id });
    const db = await prisma();
    expect(await db.logEvent.count({ where: { type: "slo", userId: a.user.id } })).toBe(1);
    // Signing out again with the copy ends nothing and logs nothing.
    await recordSignOut(a.cookie, testRequestContext());
    expect(await db.logEvent.count({ where: { type: "slo", userId: a.user.id } })).toBe(1);
  });

  // Regression: next-auth re-issued the token on every read with a fresh expiry, so a copied token lived for ever.
  it("a re-issued token keeps the session's absolute expiry, 8 hours from sign-in", async () => {
    const { user, cookie } = await signedIn();
    expect(user.sessionExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(SESSION_LIFETIME_SECONDS * 1000);
    const first = await decodeSessionToken(cookie);
    const end = Math.floor(user.sessionExpiresAt.getTime() / 1000);
    expect(first?.exp).toBeLessThanOrEqual(end);
    expect(first?.exp).toBeGreaterThanOrEqual(end - 2);

    // A session with 60 seconds left: reading it never pushes the token past them.
    const db = await prisma();
    const soon = new Date(Date.now() + 60_000);
    await db.session.update({ where: { id: user.sessionId }, data: { expiresAt: soon } });
    const short = (await sessionCookie({ ...user, sessionExpiresAt: soon })).value;
    const read = await readSession(short);
    expect(read.session).toMatchObject({ uid: user.id, expires: new Date(Math.floor(soon.getTime() / 1000) * 1000).toISOString() });
    const reissued = await decodeSessionToken(read.reissued);
    expect(reissued?.exp).toBeLessThanOrEqual(Math.floor(soon.getTime() / 1000));

    // Once the row's time is up, the token is refused even where its own exp would still allow it.
    await db.session.update({ where: { id: user.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await readSession(cookie)).session).toBeNull();
  });

  it("a password change ends every session; a token without a session row is refused", async () => {
    const a = await signedIn();
    const b = await signInWithPassword(a.user.email!, PASSWORD, testRequestContext());
    await setUserPassword({ userId: a.user.id, newPassword: "Changed-Session-Pass-7", reason: "self", ctx: testRequestContext() });
    expect((await readSession(a.cookie)).session).toBeNull();
    expect((await readSession((await sessionCookie(b)).value)).session).toBeNull();

    const c = await signInWithPassword(a.user.email!, "Changed-Session-Pass-7", testRequestContext());
    const forged = (await sessionCookie({ ...c, sessionId: "00000000-0000-4000-8000-000000000000" })).value;
    expect((await readSession(forged)).session).toBeNull();
    expect((await readSession((await sessionCookie(c)).value)).session).toMatchObject({ uid: a.user.id });
  });
});
