import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testRequestContext } from "@/lib/testing/context";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { createUser, defaultConnection } from "@/lib/users";
import { isSessionLive, liveSessionUser, type SessionClaims } from ".";
import { newSession } from "./start";

async function userWithSession() {
  const user = await createUser({ email: `live-${Math.random().toString(36).slice(2)}@example.com`, password: "Quiet-Harbor-Lantern-4711" }, { connection: await defaultConnection(), ctx: testRequestContext() });
  const session = newSession(user.id, { ip: "192.0.2.1" });
  const db = await prisma();
  await db.session.create({ data: session });
  return { db, user, session, claims: { sid: session.id, uid: user.id, sv: user.sessionVersion } as SessionClaims };
}

/** Both checks must give the same answer: the provider's interactions use the one that returns the row. */
async function bothSay(claims: SessionClaims): Promise<boolean> {
  const [live, user] = await Promise.all([isSessionLive(claims), liveSessionUser(claims)]);
  expect(user !== null).toBe(live);
  return live;
}

describe.each(testDatabaseKinds())("session liveness on %s", (kind) => {
  useTestDatabase(kind);

  it("a live session is live, and the row-returning check returns that user's row", async () => {
    const { user, claims } = await userWithSession();
    expect(await bothSay(claims)).toBe(true);
    expect((await liveSessionUser(claims))?.id).toBe(user.id);
  });

  it("a signed-out, expired, blocked or re-versioned session is not, whichever check asks", async () => {
    const ended = await userWithSession();
    await ended.db.session.update({ where: { id: ended.session.id }, data: { endedAt: new Date() } });
    expect(await bothSay(ended.claims)).toBe(false);

    const expired = await userWithSession();
    await expired.db.session.update({ where: { id: expired.session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await bothSay(expired.claims)).toBe(false);

    const blocked = await userWithSession();
    await blocked.db.user.update({ where: { id: blocked.user.id }, data: { blocked: true } });
    expect(await bothSay(blocked.claims)).toBe(false);

    const moved = await userWithSession();
    await moved.db.user.update({ where: { id: moved.user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await bothSay(moved.claims)).toBe(false);
  });

  it("a session presented for another user, an unknown session and malformed claims are not", async () => {
    const mine = await userWithSession();
    const other = await userWithSession();
    expect(await bothSay({ ...mine.claims, uid: other.user.id, sv: other.user.sessionVersion })).toBe(false);
    expect(await bothSay({ ...mine.claims, sid: "no-such-session" })).toBe(false);
    for (const claims of [{}, { ...mine.claims, sv: "1" }, { ...mine.claims, sid: 7 }, { ...mine.claims, uid: null }] as SessionClaims[]) {
      expect(await bothSay(claims)).toBe(false);
    }
  });
});
