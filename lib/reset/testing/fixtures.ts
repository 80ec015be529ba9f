import { prisma } from "@/lib/db";
import { createWorker } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { testRequestContext } from "@/lib/testing/context";
import { createUser, defaultConnection } from "@/lib/users";

export const RESET_TEST_PASSWORD = "Original-Pass-31";

/** A new user of the default connection with a random address and RESET_TEST_PASSWORD. */
export async function newResetUser() {
  const email = `r${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUser({ email, password: RESET_TEST_PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
  return { ...user, email };
}

/** Runs every due job the way the worker does (the reset request, its email). */
export async function runJobs(): Promise<void> {
  const worker = createWorker({ handlers: jobHandlers(), workerId: "test" });
  while ((await worker.runOnce()) > 0);
}

/** runJobs, then the newest dev mail to `to` with its link's ticket and code, or null. */
export async function deliverAndRead(to: string) {
  await runJobs();
  const db = await prisma();
  const mail = await db.mailMessage.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
  if (!mail) return null;
  const ticket = /ticket=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  const code = /\b(\d{3}[ -]?\d{3})\b/.exec(mail.text)?.[1]?.replace(/\D/g, "");
  return { mail, ticket: ticket!, code: code! };
}
