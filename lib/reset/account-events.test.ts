import { describe, expect, it } from "vitest";
import { adminSetPassword } from "@/lib/admin";
import { prisma } from "@/lib/db";
import { updateUserFromApi, type ManagementPrincipal } from "@/lib/management";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { changeOwnPassword, setUserBlocked } from "@/lib/users";
import { encodeResetCookie } from "./cookie";
import { completePasswordReset, consumeResetTicket, createPasswordChangeTicket, inspectResetTicket, loadBoundFlow, MAX_TICKET_TTL_SEC, requestPasswordReset, verifyResetCode } from ".";
import { deliverAndRead, newResetUser, RESET_TEST_PASSWORD } from "./testing/fixtures";

const api: ManagementPrincipal = { clientId: "test-client", clientName: "Test client", scopes: ["read:users", "update:users"] };
const admin = { id: "0".repeat(24) };

type User = Awaited<ReturnType<typeof newResetUser>>;

/** The events that end a user's resets, each through the path people and clients use. */
const EVENTS: Array<{ name: string; code: string; reason: string; run: (user: User) => Promise<unknown> }> = [
  { name: "the user's own password change", code: "RESET_LINK_REVOKED", reason: "the password changed", run: (u) => changeOwnPassword(u.id, { currentPassword: RESET_TEST_PASSWORD, newPassword: "Own-Change-Pass-71" }, testRequestContext()) },
  { name: "an admin's set-password", code: "RESET_LINK_REVOKED", reason: "the password changed", run: (u) => adminSetPassword({ userId: u.id, password: "Admin-Set-Pass-72", confirmPassword: "Admin-Set-Pass-72" }, admin, testRequestContext()) },
  { name: "an API password change", code: "RESET_LINK_REVOKED", reason: "the password changed", run: (u) => updateUserFromApi(u.id, { password: "Api-Set-Pass-73" }, api, testRequestContext()) },
  { name: "an API email change", code: "RESET_LINK_REVOKED", reason: "the email address changed", run: (u) => updateUserFromApi(u.id, { email: `moved-${u.email}` }, api, testRequestContext()) },
  { name: "a block in the console", code: "RESET_USER_BLOCKED", reason: "the user is blocked", run: (u) => setUserBlocked(u.id, true, admin, testRequestContext()) },
  { name: "a block by the API", code: "RESET_USER_BLOCKED", reason: "the user is blocked", run: (u) => updateUserFromApi(u.id, { blocked: true }, api, testRequestContext()) },
];

/** A reset of `user` whose link was used in its own browser: the flow waits for the new password. */
async function resetPastItsLink(user: User) {
  await requestPasswordReset(user.email, testRequestContext());
  const { ticket } = (await deliverAndRead(user.email))!;
  const consumed = await consumeResetTicket(ticket, testRequestContext());
  return encodeResetCookie(consumed.cookie);
}

async function refusalLogged(userId: string, reason: string): Promise<number> {
  const db = await prisma();
  return db.logEvent.count({ where: { type: "fcpr", userId, description: { contains: reason } } });
}

describe.each(testDatabaseKinds())("account events end open resets on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: a link mailed earlier still reset the password after a password change, an email
  // change or a block.
  describe.each(EVENTS)("$name", ({ code, reason, run }) => {
    it("ends the emailed link and code, and resets past their link (awaiting a factor or a redirect, running the Actions, the new password)", async () => {
      const user = await newResetUser();
      const atPassword = await resetPastItsLink(user);
      const [atFactor, atRedirect, running] = [await resetPastItsLink(user), await resetPastItsLink(user), await resetPastItsLink(user)];
      const db = await prisma();
      const challenge = { mode: "challengeWith", factors: ["otp"], action: "10-mfa.js" };
      const redirect = { action: "20-verify.js", stateHash: "0".repeat(43), expiresAt: new Date(Date.now() + 60_000).toISOString() };
      await db.resetFlow.updateMany({ where: { id: atFactor.split(".")[0] }, data: { state: "awaiting_factor", progress: { challenge } } });
      await db.resetFlow.updateMany({ where: { id: atRedirect.split(".")[0] }, data: { state: "awaiting_redirect", progress: { redirect } } });
      await db.resetFlow.updateMany({ where: { id: running.split(".")[0] }, data: { state: "link_verified" } });
      const tab = await requestPasswordReset(user.email, testRequestContext());
      const mail = (await deliverAndRead(user.email))!;

      await run(user);

      await expect(consumeResetTicket(mail.ticket, testRequestContext())).rejects.toMatchObject({ code });
      expect(await inspectResetTicket(mail.ticket)).toBe(code === "RESET_USER_BLOCKED" ? "blocked" : "revoked");
      await expect(verifyResetCode(encodeResetCookie(tab.cookie), mail.code, testRequestContext())).rejects.toMatchObject({ code });
      await expect(completePasswordReset(atPassword, "Too-Late-Pass-74", testRequestContext())).rejects.toMatchObject({ code });
      for (const cookie of [atFactor, atRedirect, running]) await expect(loadBoundFlow(cookie)).rejects.toMatchObject({ code });
      expect(await db.resetFlow.count({ where: { userId: user.id, state: { notIn: ["expired"] } } })).toBe(0);
      expect(await refusalLogged(user.id, reason)).toBeGreaterThanOrEqual(3);
    });

    it("ends an admin's or API client's ticket, whatever its own lifetime", async () => {
      const user = await newResetUser();
      const ticket = await createPasswordChangeTicket({ userId: user.id, ttlSec: MAX_TICKET_TTL_SEC }, testRequestContext());
      await run(user);
      await expect(consumeResetTicket(ticket.ticket, testRequestContext())).rejects.toMatchObject({ code });
      expect(await refusalLogged(user.id, reason)).toBe(1);
    });
  });

  describe("using a link checks the account again, also after a write that went around lib/users", () => {
    it("refuses a blocked user's link, code and new password", async () => {
      const user = await newResetUser();
      const atPassword = await resetPastItsLink(user);
      const tab = await requestPasswordReset(user.email, testRequestContext());
      const mail = (await deliverAndRead(user.email))!;
      const db = await prisma();
      await db.user.update({ where: { id: user.id }, data: { blocked: true } });

      await expect(verifyResetCode(encodeResetCookie(tab.cookie), mail.code, testRequestContext())).rejects.toMatchObject({ code: "RESET_USER_BLOCKED" });
      await expect(consumeResetTicket(mail.ticket, testRequestContext())).rejects.toMatchObject({ code: "RESET_USER_BLOCKED" });
      await expect(completePasswordReset(atPassword, "Blocked-Pass-75", testRequestContext())).rejects.toMatchObject({ code: "RESET_USER_BLOCKED" });
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordVersion).toBe(user.passwordVersion);
      expect(await refusalLogged(user.id, "the user is blocked")).toBeGreaterThanOrEqual(2);
    });

    it("refuses a link sent to an address that is no longer the user's", async () => {
      const user = await newResetUser();
      await requestPasswordReset(user.email, testRequestContext());
      const mail = (await deliverAndRead(user.email))!;
      const db = await prisma();
      await db.user.update({ where: { id: user.id }, data: { email: `elsewhere-${user.email}` } });
      await expect(consumeResetTicket(mail.ticket, testRequestContext())).rejects.toMatchObject({ code: "RESET_LINK_REVOKED" });
      expect(await refusalLogged(user.id, "the email address changed")).toBe(1);
    });
  });

  it("a ticket lives at most 30 days", async () => {
    const user = await newResetUser();
    await expect(createPasswordChangeTicket({ userId: user.id, ttlSec: MAX_TICKET_TTL_SEC + 1 }, testRequestContext())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const ticket = await createPasswordChangeTicket({ userId: user.id, ttlSec: MAX_TICKET_TTL_SEC }, testRequestContext());
    expect(ticket.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(MAX_TICKET_TTL_SEC * 1000);
  });
});
