import { randomBytes } from "node:crypto";
import { argon2id, hash, needsRehash as argon2NeedsRehash, verify } from "argon2";
import { config } from "@/lib/config";
import { MAX_PASSWORD_BYTES, utf8ByteLength } from "./policy";

/** argon2id cost parameters, as `argon2` names them. */
export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

// The largest costs the configuration accepts. A stored hash asking for more (a bad import, a
// tampered row) would make one sign-in allocate gigabytes, so it is refused without running.
const MAX_MEMORY_KIB = 4_194_304;
const MAX_TIME_COST = 20;
const MAX_PARALLELISM = 16;

/** The parameters new hashes are made with, read from the configuration on every call. */
export function currentArgon2Params(): Argon2Params {
  const c = config();
  return { memoryCost: c.ARGON2_MEMORY_KIB, timeCost: c.ARGON2_TIME_COST, parallelism: c.ARGON2_PARALLELISM };
}

/**
 * Hashes a password with argon2id at the configured cost; the PHC string carries the salt and
 * the parameters, so a later change of configuration still verifies old hashes.
 * Throws a RangeError above MAX_PASSWORD_BYTES: the policy refuses such passwords first.
 */
export async function hashPassword(plain: string): Promise<string> {
  if (isOversized(plain)) throw new RangeError(`Password longer than ${MAX_PASSWORD_BYTES} bytes`);
  return hash(plain, { type: argon2id, ...currentArgon2Params() });
}

/**
 * Whether `plain` matches `storedHash`. Never throws: a malformed, unsupported or absurdly costly
 * hash is simply not a match.
 */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  // No stored password can be this long, so answering at once gives nothing away, and it keeps an
  // attacker from making us hash megabytes per request.
  if (isOversized(plain)) return false;
  const params = readArgon2Params(storedHash);
  if (!params || params.memoryCost > MAX_MEMORY_KIB || params.timeCost > MAX_TIME_COST || params.parallelism > MAX_PARALLELISM) {
    return false;
  }
  try {
    return await verify(storedHash, plain);
  } catch {
    return false;
  }
}

/**
 * Whether a hash should be replaced at the next successful sign-in: it is not argon2id, or its
 * parameters or version differ from the current configuration. Malformed hashes say yes.
 */
export function needsRehash(storedHash: string): boolean {
  const params = readArgon2Params(storedHash);
  if (!params || params.type !== "argon2id") return true;
  try {
    return argon2NeedsRehash(storedHash, currentArgon2Params());
  } catch {
    return true;
  }
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a random secret at the current parameters, made once per parameter set. Nobody knows
 * its password, so verifying against it always fails, at exactly the cost of a real verification.
 */
export function dummyHash(): Promise<string> {
  const params = currentArgon2Params();
  const key = `${params.memoryCost}:${params.timeCost}:${params.parallelism}`;
  let pending = dummyHashes.get(key);
  if (!pending) {
    pending = hash(randomBytes(32), { type: argon2id, ...params });
    pending.catch(() => dummyHashes.delete(key));
    dummyHashes.set(key, pending);
  }
  return pending;
}

/**
 * Spends the time of one password verification and answers false. Sign-in calls this when no
 * account matches, so "unknown email" and "wrong password" take the same time and an attacker
 * cannot list accounts by timing. Call `dummyHash()` at start-up so the first call does not also
 * pay for making the hash.
 */
export async function dummyVerify(plain: string): Promise<false> {
  await verifyPassword(await dummyHash(), plain);
  return false;
}

function isOversized(plain: string): boolean {
  // A UTF-8 byte is never shorter than a UTF-16 unit, so a long string is refused before being
  // walked.
  return plain.length > MAX_PASSWORD_BYTES || utf8ByteLength(plain) > MAX_PASSWORD_BYTES;
}

type StoredParams = Argon2Params & { type: string };

/** The type and costs in a PHC argon2 string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), or null. */
function readArgon2Params(storedHash: string): StoredParams | null {
  if (typeof storedHash !== "string") return null;
  const match = /^\$(argon2(?:id|i|d))\$(?:v=\d+\$)?([^$]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(storedHash);
  if (!match) return null;
  const values = new Map(match[2]!.split(",").map((kv) => kv.split("=") as [string, string]));
  const num = (k: string) => (/^\d{1,10}$/.test(values.get(k) ?? "") ? Number(values.get(k)) : NaN);
  const params = { type: match[1]!, memoryCost: num("m"), timeCost: num("t"), parallelism: num("p") };
  return Number.isNaN(params.memoryCost) || Number.isNaN(params.timeCost) || Number.isNaN(params.parallelism) ? null : params;
}
