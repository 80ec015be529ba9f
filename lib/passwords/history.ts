import { verifyPassword } from "./stored";

export type HistoryCheckOptions = {
  /**
   * How many verifications run at once. Each holds ARGON2_MEMORY_KIB of memory and one thread of
   * libuv's pool (4 threads by default, shared with file and DNS work), so keep it small.
   * @default 2
   */
  concurrency?: number;
};

/**
 * Whether `plain` matches any of `hashes` (the user's current and previous password hashes,
 * newest first, already cut to the policy's history size). Each is verified as a stored password,
 * so an imported bcrypt or `custom_password_hash` entry counts as much as an argon2id one: an
 * imported user cannot reset back to the old system's password.
 *
 * Cost: a hash cannot be looked up, only verified, so this runs one full argon2 verification per
 * entry: with the default parameters about 50 ms of CPU and 19 MiB each, so a history of 24 costs
 * about 1.2 s of CPU (about 0.6 s of wall time at concurrency 2). The usual case, a new password,
 * pays the full price, since only a match stops early. Callers run it last, after the cheap policy
 * rules pass, and behind a rate limit.
 */
export async function isInHistory(plain: string, hashes: readonly string[], options: HistoryCheckOptions = {}): Promise<boolean> {
  const concurrency = Math.max(1, Math.trunc(options.concurrency ?? 2));
  let next = 0;
  let found = false;
  const worker = async () => {
    while (!found && next < hashes.length) {
      const candidate = hashes[next++]!;
      if (await verifyPassword(candidate, plain)) found = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, hashes.length) }, worker));
  return found;
}
