import { verifyBcrypt, isBcrypt } from "./bcrypt";
import { MalformedHashError, decode } from "./bytes";
import { verifyDigest } from "./digest";
import { verifyHmac } from "./hmac";
import { parseLdapHash, verifyLdap } from "./ldap";
import { parsePbkdf2, verifyPbkdf2 } from "./pbkdf2";
import { customPasswordHashSchema, type CustomPasswordHash } from "./schema";
import { verifyScrypt } from "./scrypt";

/**
 * How a foreign hash sits in `users.password_hash`: a bcrypt or argon2 string as it came (it
 * describes itself), anything else as `foreign:` + the validated `custom_password_hash` JSON.
 * One column keeps "this user has a password" a single non-null check everywhere.
 */
export const FOREIGN_PREFIX = "foreign:";

/** Whether a stored hash came from another system (so it is replaced at the next sign-in). */
export function isForeignHash(stored: string): boolean {
  return stored.startsWith(FOREIGN_PREFIX) || isBcrypt(stored) || /^\$argon2(?:i|d)\$/.test(stored);
}

/**
 * The stored form of an imported hash, after checking everything that can be checked without the
 * password (encodings, PHC syntax, cost limits), so a bad row fails the import, not a sign-in.
 * Throws MalformedHashError naming the field.
 */
export function storedFormOfCustomHash(input: unknown): string {
  const parsed = customPasswordHashSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new MalformedHashError(`custom_password_hash.${first.path.join(".")}: ${first.message}`);
  }
  const h = parsed.data;
  if (h.algorithm === "bcrypt") {
    if (!isBcrypt(h.hash.value)) throw new MalformedHashError("custom_password_hash.hash.value: not a bcrypt hash");
    return h.hash.value;
  }
  if (h.algorithm === "argon2") {
    if (!/^\$argon2(?:id|i|d)\$(?:v=\d+\$)?[a-z]=\d+(?:,[a-z]=\d+){2}\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(h.hash.value)) {
      throw new MalformedHashError("custom_password_hash.hash.value: not an argon2 PHC string");
    }
    return h.hash.value;
  }
  try {
    if (h.algorithm === "pbkdf2") parsePbkdf2(h.hash.value);
    else if (h.algorithm === "ldap") parseLdapHash(h.hash.value);
    else checkBinaryFields(h);
  } catch (error) {
    if (error instanceof MalformedHashError && !error.message.startsWith("custom_password_hash.")) {
      throw new MalformedHashError(`custom_password_hash.hash.value: ${error.message}`);
    }
    throw error;
  }
  return FOREIGN_PREFIX + JSON.stringify(h);
}

// Digest sizes in bytes: a value of another length can never match, so it is a mistake in the file.
const DIGEST_BYTES: Record<string, number> = { md4: 16, md5: 16, ripemd160: 20, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** Decodes hash, salt and key as their encodings say, and checks a digest's length. */
function checkBinaryFields(h: CustomPasswordHash): void {
  const value = decode(h.hash.value, h.hash.encoding, "custom_password_hash.hash.value");
  if (h.salt) decode(h.salt.value, h.salt.encoding, "custom_password_hash.salt.value");
  if (h.hash.key) decode(h.hash.key.value, h.hash.key.encoding, "custom_password_hash.hash.key.value");
  const digest = h.algorithm === "hmac" ? h.hash.digest : h.algorithm;
  const expected = digest ? DIGEST_BYTES[digest] : undefined;
  if (expected !== undefined && value.length !== expected) {
    throw new MalformedHashError(`custom_password_hash.hash.value: a ${digest} hash is ${expected} bytes, this one decodes to ${value.length}`);
  }
  if (h.algorithm === "scrypt" && value.length !== h.keylen) {
    throw new MalformedHashError(`custom_password_hash.hash.value: decodes to ${value.length} bytes, keylen says ${h.keylen}`);
  }
}

/**
 * Verifies a stored foreign hash (bcrypt, or `foreign:` JSON). Throws MalformedHashError when the
 * stored value cannot be read; argon2 strings are not handled here.
 */
export async function verifyForeignHash(stored: string, plain: string): Promise<boolean> {
  if (isBcrypt(stored)) return verifyBcrypt(stored, plain);
  if (!stored.startsWith(FOREIGN_PREFIX)) throw new MalformedHashError("not a foreign hash");
  let h: CustomPasswordHash;
  try {
    h = customPasswordHashSchema.parse(JSON.parse(stored.slice(FOREIGN_PREFIX.length)));
  } catch {
    throw new MalformedHashError("stored foreign hash is not a valid custom_password_hash");
  }
  switch (h.algorithm) {
    case "bcrypt":
      return verifyBcrypt(h.hash.value, plain);
    case "hmac":
      return verifyHmac(h, plain);
    case "ldap":
      return verifyLdap(h, plain);
    case "md4":
    case "md5":
    case "sha1":
    case "sha256":
    case "sha512":
      return verifyDigest(h, plain);
    case "pbkdf2":
      return verifyPbkdf2(h, plain);
    case "scrypt":
      return verifyScrypt(h, plain);
    case "argon2":
      throw new MalformedHashError("argon2 hashes are stored as PHC strings, not foreign JSON");
  }
}
