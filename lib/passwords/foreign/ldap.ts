import { createHash } from "node:crypto";
import { MalformedHashError, decode, equalBytes, passwordBytes } from "./bytes";
import type { CustomPasswordHash } from "./schema";

// RFC 2307 schemes and the widespread salted/SHA-2 extensions (OpenLDAP contrib, 389 DS): the
// salt is whatever follows the digest in the base64 value, appended to the password.
const SCHEMES: Record<string, { digest: string; length: number; salted: boolean }> = {
  MD5: { digest: "md5", length: 16, salted: false },
  SMD5: { digest: "md5", length: 16, salted: true },
  SHA: { digest: "sha1", length: 20, salted: false },
  SSHA: { digest: "sha1", length: 20, salted: true },
  SHA256: { digest: "sha256", length: 32, salted: false },
  SSHA256: { digest: "sha256", length: 32, salted: true },
  SHA384: { digest: "sha384", length: 48, salted: false },
  SSHA384: { digest: "sha384", length: 48, salted: true },
  SHA512: { digest: "sha512", length: 64, salted: false },
  SSHA512: { digest: "sha512", length: 64, salted: true },
};

/** Reads `{SCHEME}base64`; throws MalformedHashError for an unknown scheme or a short value. */
export function parseLdapHash(value: string): { digest: string; expected: Buffer; salt: Buffer } {
  const match = /^\{([A-Za-z0-9]+)\}(.+)$/.exec(value);
  const scheme = match ? SCHEMES[match[1]!.toUpperCase()] : undefined;
  if (!match || !scheme) throw new MalformedHashError("hash.value is not an RFC 2307 {MD5}, {SMD5}, {SHA}, {SSHA} or SHA-2 value");
  const bytes = decode(match[2]!, "base64", "hash.value");
  if (scheme.salted ? bytes.length <= scheme.length : bytes.length !== scheme.length) {
    throw new MalformedHashError(`hash.value has the wrong length for {${match[1]}}`);
  }
  return { digest: scheme.digest, expected: bytes.subarray(0, scheme.length), salt: bytes.subarray(scheme.length) };
}

export function verifyLdap(h: CustomPasswordHash, plain: string): boolean {
  const { digest, expected, salt } = parseLdapHash(h.hash.value);
  return equalBytes(createHash(digest).update(Buffer.concat([passwordBytes(plain, h), salt])).digest(), expected);
}
