import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { MalformedHashError, decode, equalBytes, passwordBytes } from "./bytes";
import type { CustomPasswordHash } from "./schema";

const pbkdf2Async = promisify(pbkdf2);
const DIGESTS = new Set(["sha1", "sha224", "sha256", "sha384", "sha512"]);
// Above any real deployment (OWASP 2023: 600,000 for SHA-256), below a per-request denial of service.
export const MAX_PBKDF2_ITERATIONS = 5_000_000;

/** Reads Auth0's PHC form `$pbkdf2-<digest>$i=<iterations>,l=<keylen>$<salt>$<hash>` (B64, unpadded). */
export function parsePbkdf2(value: string): { digest: string; iterations: number; keylen: number; salt: Buffer; expected: Buffer } {
  const match = /^\$pbkdf2(?:-([a-z0-9]+))?\$([^$]+)\$([^$]*)\$([^$]+)$/.exec(value);
  if (!match) throw new MalformedHashError("hash.value is not a PHC string $pbkdf2-<digest>$i=…,l=…$salt$hash");
  const digest = match[1] ?? "sha1";
  if (!DIGESTS.has(digest)) throw new MalformedHashError(`pbkdf2 digest ${digest} is not supported`);
  const params = new Map(match[2]!.split(",").map((kv) => kv.split("=", 2) as [string, string | undefined]));
  const iterations = Number(params.get("i"));
  if (!/^\d{1,8}$/.test(params.get("i") ?? "") || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new MalformedHashError(`pbkdf2 i must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}`);
  }
  const expected = decode(match[4]!, "base64", "pbkdf2 hash");
  const l = params.get("l");
  const keylen = l === undefined ? expected.length : Number(l);
  if (l !== undefined && (!/^\d{1,4}$/.test(l) || keylen !== expected.length)) throw new MalformedHashError("pbkdf2 l must equal the hash's length in bytes");
  if (expected.length === 0) throw new MalformedHashError("pbkdf2 hash is empty");
  return { digest, iterations, keylen, salt: decode(match[3]!, "base64", "pbkdf2 salt"), expected };
}

export async function verifyPbkdf2(h: CustomPasswordHash, plain: string): Promise<boolean> {
  const p = parsePbkdf2(h.hash.value);
  return equalBytes(await pbkdf2Async(passwordBytes(plain, h), p.salt, p.iterations, p.keylen, p.digest), p.expected);
}
