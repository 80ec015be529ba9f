import { createHmac } from "node:crypto";
import { MalformedHashError, decode, equalBytes, saltedPassword } from "./bytes";
import type { CustomPasswordHash } from "./schema";

/** HMAC of the (optionally salted) password with `hash.key`, under `hash.digest`. */
export function verifyHmac(h: CustomPasswordHash, plain: string): boolean {
  if (!h.hash.key || !h.hash.digest) throw new MalformedHashError("hmac needs hash.key and hash.digest");
  const key = decode(h.hash.key.value, h.hash.key.encoding, "hash.key.value");
  const expected = decode(h.hash.value, h.hash.encoding, "hash.value");
  return equalBytes(createHmac(h.hash.digest, key).update(saltedPassword(plain, h)).digest(), expected);
}
