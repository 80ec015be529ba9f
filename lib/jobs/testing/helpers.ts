import type { PrismaClient } from "@/lib/db";

/** A promise and its resolver, for awaiting an event a handler signals. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Awaits a condition only the database can tell (another process's write): checks it every
 * `intervalMs`, fails after `timeoutMs`. Not a sleep: it returns as soon as the condition holds.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 20, what = "condition" }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Empties the job tables between tests (attempts go with their jobs). */
export async function clearJobs(prisma: PrismaClient): Promise<void> {
  await prisma.job.deleteMany({});
}
