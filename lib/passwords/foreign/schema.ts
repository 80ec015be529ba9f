import { z } from "zod";

/** The algorithms Auth0's user import accepts in `custom_password_hash.algorithm`. */
export const FOREIGN_ALGORITHMS = ["argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt"] as const;
export type ForeignAlgorithm = (typeof FOREIGN_ALGORITHMS)[number];

const binaryEncoding = z.enum(["base64", "hex", "utf8"]);
export type BinaryEncoding = z.infer<typeof binaryEncoding>;

/** HMAC digests this server can run: Auth0's list minus md4 and whirlpool, which OpenSSL 3 dropped. */
export const HMAC_DIGESTS = ["md5", "ripemd160", "sha1", "sha224", "sha256", "sha384", "sha512"] as const;

// Strings in an import are bounded: no real hash, salt or key is this long, and the bound keeps a
// hostile file from making each verification hash megabytes.
const bounded = z.string().min(1).max(1024);

/** Auth0's `custom_password_hash` object, field for field (see AUTH0-IMPORT-HASHES.md). */
export const customPasswordHashSchema = z
  .object({
    algorithm: z.enum(FOREIGN_ALGORITHMS),
    hash: z
      .object({
        value: bounded,
        encoding: binaryEncoding.default("utf8"),
        digest: z.enum(["md4", "md5", "ripemd160", "sha1", "sha224", "sha256", "sha384", "sha512", "whirlpool"]).optional(),
        key: z.object({ value: bounded, encoding: binaryEncoding.default("utf8") }).strict().optional(),
      })
      .strict(),
    salt: z
      .object({ value: bounded, encoding: binaryEncoding.default("utf8"), position: z.enum(["prefix", "suffix"]).optional() })
      .strict()
      .optional(),
    password: z.object({ encoding: z.enum(["ascii", "utf8", "utf16le", "ucs2", "latin1", "binary"]).default("utf8") }).strict().optional(),
    keylen: z.number().int().min(1).max(1024).optional(),
    cost: z.number().int().min(2).max(1_048_576).optional(),
    blockSize: z.number().int().min(1).max(64).optional(),
    parallelization: z.number().int().min(1).max(16).optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const utf8Only = h.algorithm === "argon2" || h.algorithm === "bcrypt" || h.algorithm === "ldap" || h.algorithm === "pbkdf2";
    if (utf8Only && h.hash.encoding !== "utf8") issue(["hash", "encoding"], `${h.algorithm} hashes must use encoding utf8`);
    if (!utf8Only && h.hash.encoding === "utf8") issue(["hash", "encoding"], `${h.algorithm} hashes must use encoding hex or base64`);
    if (utf8Only && h.salt) issue(["salt"], `${h.algorithm} hashes carry their own salt; salt is not allowed`);
    if (h.algorithm === "hmac") {
      if (!h.hash.digest) issue(["hash", "digest"], "hmac needs hash.digest");
      else if (!(HMAC_DIGESTS as readonly string[]).includes(h.hash.digest)) issue(["hash", "digest"], `hmac with ${h.hash.digest} is not supported`);
      if (!h.hash.key) issue(["hash", "key"], "hmac needs hash.key");
    } else {
      if (h.hash.digest) issue(["hash", "digest"], "hash.digest is only for hmac");
      if (h.hash.key) issue(["hash", "key"], "hash.key is only for hmac");
    }
    if (h.algorithm === "scrypt") {
      if (!h.salt) issue(["salt"], "scrypt needs a salt");
      if (h.keylen === undefined) issue(["keylen"], "scrypt needs keylen");
      if (h.cost !== undefined && (h.cost & (h.cost - 1)) !== 0) issue(["cost"], "scrypt cost must be a power of two");
    } else {
      for (const k of ["keylen", "cost", "blockSize", "parallelization"] as const) {
        if (h[k] !== undefined) issue([k], `${k} is only for scrypt`);
      }
      if (h.salt && !h.salt.position) issue(["salt", "position"], "salt.position must be prefix or suffix");
    }
  });

/** A validated `custom_password_hash`, defaults filled in. */
export type CustomPasswordHash = z.infer<typeof customPasswordHashSchema>;
