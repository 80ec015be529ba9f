import { prisma } from "@/lib/db";
import { createWorker } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { testRequestContext } from "@/lib/testing/context";
import { createUser, defaultConnection } from "@/lib/users";
import { readFlow, type ResetFlow } from "../flow";
import type { FactorChallenge, PendingRedirect, PostChallengeProgress } from "../progress";

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

/** A flow's progress with the data of its state (the pending challenge or redirect), as tests inspect it. */
export function progressOf(flow: ResetFlow): Partial<PostChallengeProgress> & { challenge?: FactorChallenge; redirect?: PendingRedirect } {
  return {
    ...("progress" in flow ? flow.progress : {}),
    ...(flow.state === "awaiting_factor" ? { challenge: flow.challenge } : {}),
    ...(flow.state === "awaiting_redirect" ? { redirect: flow.redirect } : {}),
  };
}

/** The flow as lib/reset reads it, straight from its row. */
export async function reloadFlow(flowId: string): Promise<ResetFlow> {
  const db = await prisma();
  return readFlow(await db.resetFlow.findUniqueOrThrow({ where: { id: flowId } }));
}
