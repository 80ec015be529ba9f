import { createHash } from "node:crypto";
import { decode, equalBytes, saltedPassword } from "./bytes";
import { md4 } from "./md4";
import type { CustomPasswordHash } from "./schema";

/** md4, md5, sha1, sha256, sha512: one digest of the (optionally salted) password. */
export function verifyDigest(h: CustomPasswordHash, plain: string): boolean {
  const expected = decode(h.hash.value, h.hash.encoding, "hash.value");
  const input = saltedPassword(plain, h);
  const actual = h.algorithm === "md4" ? md4(input) : createHash(h.algorithm).update(input).digest();
  return equalBytes(actual, expected);
}
