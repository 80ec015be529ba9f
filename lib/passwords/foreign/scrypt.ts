import { scrypt, type ScryptOptions } from "node:crypto";
import { MalformedHashError, decode, equalBytes, passwordBytes } from "./bytes";
import type { CustomPasswordHash } from "./schema";

// scrypt needs 128·N·r bytes; a stored hash asking for more than this is refused, not run.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

function scryptAsync(password: Buffer, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Auth0's scrypt: `cost` (N, default 16384), `blockSize` (r, 8), `parallelization` (p, 1), `keylen`. */
export async function verifyScrypt(h: CustomPasswordHash, plain: string): Promise<boolean> {
  if (!h.salt || !h.keylen) throw new MalformedHashError("scrypt needs salt and keylen");
  const N = h.cost ?? 16384;
  const r = h.blockSize ?? 8;
  const p = h.parallelization ?? 1;
  const memory = 128 * N * r;
  if (memory > MAX_SCRYPT_MEMORY) throw new MalformedHashError("scrypt cost × blockSize asks for more than 256 MiB");
  const expected = decode(h.hash.value, h.hash.encoding, "hash.value");
  const salt = decode(h.salt.value, h.salt.encoding, "salt.value");
  const key = await scryptAsync(passwordBytes(plain, h), salt, h.keylen, { N, r, p, maxmem: memory * p + 1024 * 1024 });
  return equalBytes(key, expected);
}
