import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { encodeResetCookie } from "./cookie";
import { completePasswordReset, consumeResetTicket, createPasswordChangeTicket, requestPasswordReset } from ".";
import { deliverAndRead, newResetUser } from "./testing/fixtures";

type User = Awaited<ReturnType<typeof newResetUser>>;

/** Another reset for the same account, from each source a stranger or a client can start. */
const NEW_LINKS: Array<{ name: string; start: (user: User) => Promise<unknown> }> = [
  { name: "a stranger's /reset", start: (u) => requestPasswordReset(u.email, testRequestContext()) },
  { name: "the API's change_password", start: (u) => requestPasswordReset(u.email, testRequestContext(), { source: "api" }) },
  { name: "an admin's reset email", start: (u) => requestPasswordReset(u.email, testRequestContext(), { source: "admin" }) },
  { name: "a password-change ticket", start: (u) => createPasswordChangeTicket({ userId: u.id }, testRequestContext()) },
];

describe.each(testDatabaseKinds())("a new link supersedes only unused ones, on %s", (kind) => {
  useTestDatabase(kind);

  // Regression: a stranger's /reset for your address ended the reset you were finishing
  // (RESET_LINK_SUPERSEDED on the new-password form).
  it.each(NEW_LINKS)("$name leaves a reset past its link to complete, and ends the unused link", async ({ start }) => {
    const user = await newResetUser();
    await requestPasswordReset(user.email, testRequestContext());
    const first = (await deliverAndRead(user.email))!;
    const finishing = encodeResetCookie((await consumeResetTicket(first.ticket, testRequestContext())).cookie);
    await requestPasswordReset(user.email, testRequestContext());
    const unused = (await deliverAndRead(user.email))!;

    await start(user);
    await deliverAndRead(user.email);

    await expect(consumeResetTicket(unused.ticket, testRequestContext())).rejects.toMatchObject({ code: "RESET_LINK_SUPERSEDED" });
    await expect(completePasswordReset(finishing, "Finished-Anyway-Pass-81", testRequestContext())).resolves.toMatchObject({ redirectTo: expect.any(String) });
    // Whichever reset completes first ends the others: the newest link is over now too.
    const db = await prisma();
    expect(await db.resetFlow.count({ where: { userId: user.id, state: { notIn: ["completed", "expired"] } } })).toBe(0);
  });

  it("a request older than the newest link is not sent, even when its job runs last", async () => {
    const user = await newResetUser();
    const db = await prisma();
    await requestPasswordReset(user.email, testRequestContext());
    const queued = await db.job.findFirstOrThrow({ where: { type: "password.reset.send", status: "pending" } });
    // The worker was late: an admin's ticket was made before the request's job ran.
    const ticket = await createPasswordChangeTicket({ userId: user.id }, testRequestContext());
    await deliverAndRead(user.email);
    expect(await db.mailMessage.count({ where: { to: user.email } })).toBe(0);
    const stale = await db.resetFlow.findUniqueOrThrow({ where: { id: (queued.payload as { flowId: string }).flowId } });
    expect(stale.userId).toBeNull();
    await expect(consumeResetTicket(ticket.ticket, testRequestContext())).resolves.toMatchObject({ next: expect.any(String) });
  });
});
