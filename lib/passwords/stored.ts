import { MalformedHashError, isForeignHash, verifyForeignHash } from "./foreign";
import { dummyVerify, needsRehash, verifyPassword as verifyArgon2 } from "./hash";
import { MAX_PASSWORD_BYTES, utf8ByteLength } from "./policy";

export type StoredPasswordCheck = { ok: boolean; needsRehash: boolean };

/**
 * Verifies a password against whatever `users.password_hash` holds: our argon2id, or a hash
 * imported from another system (bcrypt, or Auth0's `custom_password_hash`). `needsRehash` says the
 * caller should store a fresh argon2id hash now that it holds the right password: always for a
 * foreign hash, and for argon2 whose parameters moved on.
 *
 * Timing: a foreign md5 or sha answers in microseconds where argon2 takes tens of milliseconds, so
 * without care a stopwatch would tell an attacker "this account was imported and never signed in".
 * Every foreign check therefore also runs one dummy argon2 verify and answers only when both are
 * done: a foreign user is never faster than a native one. A costly foreign hash (bcrypt 12) stays
 * slower; that is the old system's cost, paid once, until the first sign-in replaces it.
 */
export async function verifyStoredPassword(stored: string, plain: string): Promise<StoredPasswordCheck> {
  if (!isForeignHash(stored) || stored.startsWith("$argon2")) {
    const ok = await verifyArgon2(stored, plain);
    return { ok, needsRehash: ok && needsRehash(stored) };
  }
  // dummyVerify answers an oversized password at once, so refuse it at once here too, before any
  // foreign algorithm hashes megabytes.
  if (plain.length > MAX_PASSWORD_BYTES || utf8ByteLength(plain) > MAX_PASSWORD_BYTES) return { ok: false, needsRehash: false };
  const [ok] = await Promise.all([verifyForeignQuietly(stored, plain), dummyVerify(plain)]);
  return { ok, needsRehash: ok };
}

/**
 * The verification every caller uses (sign-in, current-password and step-up checks): true when
 * the password matches any stored form. Never throws.
 */
export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  return (await verifyStoredPassword(stored, plain)).ok;
}

async function verifyForeignQuietly(stored: string, plain: string): Promise<boolean> {
  try {
    return await verifyForeignHash(stored, plain);
  } catch (error) {
    // A row the import should have refused: no match, and a line for the operator to find it.
    const reason = error instanceof MalformedHashError ? error.message : String(error);
    console.warn(`[rekey] stored foreign password hash not usable: ${reason}`);
    return false;
  }
}
