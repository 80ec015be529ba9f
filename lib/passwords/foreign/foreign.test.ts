import { createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { argon2d, argon2i, argon2id, hash as argon2Hash } from "argon2";
import bcryptjs from "bcryptjs";
import { beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { verifyStoredPassword } from "../stored";
import { MalformedHashError, storedFormOfCustomHash, verifyForeignHash } from ".";

// Every fixture is made by the algorithm's reference implementation (bcryptjs, argon2, node:crypto,
// RFC test vectors), never by the verifier under test.
const PASSWORD = "Tr0ub4dor&3-pässwörd";
const WRONG = "Tr0ub4dor&3-passwort";

beforeEach(() => {
  overrideConfig({ AUTH_SECRET: "foreign-hash-test-secret-0123456789abcdefghijkl", ARGON2_MEMORY_KIB: "1024", ARGON2_TIME_COST: "1", ARGON2_PARALLELISM: "1" });
});

const enc = (b: Buffer, e: "hex" | "base64" | "utf8") => b.toString(e);
const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

type Fixture = { name: string; stored: () => Promise<string> | string; password?: string; wrong?: string };

function custom(h: object): string {
  return storedFormOfCustomHash(h);
}

function digestFixture(algorithm: "md5" | "sha1" | "sha256" | "sha512", hashEnc: "hex" | "base64", salt?: { position: "prefix" | "suffix"; encoding: "hex" | "base64" | "utf8" }): Fixture {
  return {
    name: `${algorithm} ${hashEnc}${salt ? ` salt ${salt.position} ${salt.encoding}` : ""}`,
    stored: () => {
      const saltBytes = salt?.encoding === "utf8" ? Buffer.from("s4lt-ü") : randomBytes(16);
      const pw = Buffer.from(PASSWORD, "utf8");
      const input = !salt ? pw : salt.position === "prefix" ? Buffer.concat([saltBytes, pw]) : Buffer.concat([pw, saltBytes]);
      return custom({
        algorithm,
        hash: { value: enc(createHash(algorithm).update(input).digest(), hashEnc), encoding: hashEnc },
        ...(salt ? { salt: { value: enc(saltBytes, salt.encoding), encoding: salt.encoding, position: salt.position } } : {}),
      });
    },
  };
}

const fixtures: Fixture[] = [
  ...(["2a", "2b", "2y"] as const).map((prefix) => ({
    // bcryptjs writes $2b$; $2a$ and $2y$ name the same algorithm (the label differs by origin).
    name: `password_hash bcrypt $${prefix}$`,
    stored: () => bcryptjs.hashSync(PASSWORD, 4).replace(/^\$2b\$/, `$${prefix}$`),
  })),
  { name: "custom bcrypt cost 10", stored: () => custom({ algorithm: "bcrypt", hash: { value: bcryptjs.hashSync(PASSWORD, 10) } }) },
  ...([
    ["argon2id", argon2id],
    ["argon2i", argon2i],
    ["argon2d", argon2d],
  ] as const).map(([label, type]) => ({
    name: `custom ${label}`,
    stored: async () => custom({ algorithm: "argon2", hash: { value: await argon2Hash(PASSWORD, { type, memoryCost: 1024, timeCost: 2, parallelism: 1 }), encoding: "utf8" } }),
  })),
  ...(["md5", "sha1", "sha256", "sha512"] as const).flatMap((a) => [
    digestFixture(a, "hex"),
    digestFixture(a, "base64"),
    digestFixture(a, "hex", { position: "prefix", encoding: "hex" }),
    digestFixture(a, "base64", { position: "suffix", encoding: "base64" }),
    digestFixture(a, "hex", { position: "suffix", encoding: "utf8" }),
  ]),
  {
    name: "sha256 of a latin1 password (password.encoding)",
    password: "café",
    wrong: "cafe",
    stored: () => custom({ algorithm: "sha256", hash: { value: createHash("sha256").update(Buffer.from("café", "latin1")).digest("hex"), encoding: "hex" }, password: { encoding: "latin1" } }),
  },
  {
    name: "sha1 of a utf16le password (password.encoding)",
    stored: () => custom({ algorithm: "sha1", hash: { value: createHash("sha1").update(Buffer.from(PASSWORD, "utf16le")).digest("base64"), encoding: "base64" }, password: { encoding: "utf16le" } }),
  },
  // RFC 1320 appendix A.5 test vectors: MD4 is absent from OpenSSL 3, so the reference is the RFC.
  { name: "md4 RFC 1320 'abc'", password: "abc", wrong: "abd", stored: () => custom({ algorithm: "md4", hash: { value: "a448017aaf21d8525fc10ae87aa6729d", encoding: "hex" } }) },
  {
    name: "md4 RFC 1320 'message digest' base64, salt as prefix",
    password: "digest",
    wrong: "Digest",
    stored: () => custom({ algorithm: "md4", hash: { value: Buffer.from("d9130a8164549fe818874806e1c7014b", "hex").toString("base64"), encoding: "base64" }, salt: { value: "message ", position: "prefix" } }),
  },
  {
    name: "md4 RFC 1320 'message digest', salt as suffix in hex",
    password: "message",
    wrong: "massage",
    stored: () => custom({ algorithm: "md4", hash: { value: "d9130a8164549fe818874806e1c7014b", encoding: "hex" }, salt: { value: Buffer.from(" digest").toString("hex"), encoding: "hex", position: "suffix" } }),
  },
  ...(["md5", "sha1", "sha256", "sha512", "sha384", "ripemd160"] as const).flatMap((digest) =>
    (["utf8", "hex", "base64"] as const).map((keyEnc) => ({
      name: `hmac ${digest} key ${keyEnc}`,
      stored: () => {
        const key = keyEnc === "utf8" ? Buffer.from("k3y-secret") : randomBytes(32);
        const hashEnc = keyEnc === "base64" ? "base64" : "hex";
        return custom({ algorithm: "hmac", hash: { value: createHmac(digest, key).update(PASSWORD).digest(hashEnc), encoding: hashEnc, digest, key: { value: enc(key, keyEnc), encoding: keyEnc } } });
      },
    })),
  ),
  {
    name: "hmac sha256 with a suffix salt",
    stored: () =>
      custom({
        algorithm: "hmac",
        hash: { value: createHmac("sha256", "key").update(`${PASSWORD}NaCl`).digest("hex"), encoding: "hex", digest: "sha256", key: { value: "key" } },
        salt: { value: "NaCl", position: "suffix" },
      }),
  },
  ...([
    ["SHA", "sha1", 0],
    ["SSHA", "sha1", 8],
    ["MD5", "md5", 0],
    ["SMD5", "md5", 4],
    ["SHA256", "sha256", 0],
    ["SSHA256", "sha256", 8],
    ["SSHA512", "sha512", 16],
  ] as const).map(([scheme, digest, saltLength]) => ({
    name: `ldap {${scheme}}`,
    stored: () => {
      // RFC 2307 / OpenLDAP slappasswd: base64(digest(password || salt) || salt).
      const salt = randomBytes(saltLength);
      const value = `{${scheme}}${Buffer.concat([createHash(digest).update(Buffer.concat([Buffer.from(PASSWORD), salt])).digest(), salt]).toString("base64")}`;
      return custom({ algorithm: "ldap", hash: { value, encoding: "utf8" } });
    },
  })),
  // passlib's documented example: ldap_salted_md5.hash("password").
  { name: "ldap {SMD5} passlib vector", password: "password", wrong: "Password", stored: () => custom({ algorithm: "ldap", hash: { value: "{SMD5}OqsUXNHIhHbznxrqHoIM+ZT8DmE=" } }) },
  ...([
    ["sha1", 1000, 20],
    ["sha256", 10000, 32],
    ["sha512", 5000, 64],
  ] as const).map(([digest, iterations, keylen]) => ({
    name: `pbkdf2-${digest} i=${iterations} l=${keylen}`,
    stored: () => {
      const salt = randomBytes(16);
      const dk = pbkdf2Sync(PASSWORD, salt, iterations, keylen, digest);
      return custom({ algorithm: "pbkdf2", hash: { value: `$pbkdf2-${digest}$i=${iterations},l=${keylen}$${b64(salt)}$${b64(dk)}`, encoding: "utf8" } });
    },
  })),
  {
    name: "pbkdf2-sha256 in passlib's adapted base64 (. for +)",
    stored: () => {
      // A salt whose base64 contains "+" so the adapted alphabet matters.
      const salt = Buffer.from("fbefbefbefbefbef", "hex");
      const dk = pbkdf2Sync(PASSWORD, salt, 2000, 32, "sha256");
      return custom({ algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha256$2000$${b64(salt).replace(/\+/g, ".")}$${b64(dk).replace(/\+/g, ".")}`.replace("$2000$", "$i=2000$") } });
    },
  },
  ...([
    [16384, 8, 1, 64, "base64"],
    [1024, 16, 2, 32, "hex"],
  ] as const).map(([N, r, p, keylen, hashEnc]) => ({
    name: `scrypt N=${N} r=${r} p=${p} keylen=${keylen} ${hashEnc}`,
    stored: () => {
      const salt = randomBytes(16);
      const dk = scryptSync(PASSWORD, salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 });
      return custom({ algorithm: "scrypt", hash: { value: dk.toString(hashEnc), encoding: hashEnc }, salt: { value: salt.toString("hex"), encoding: "hex" }, keylen, cost: N, blockSize: r, parallelization: p });
    },
  })),
  {
    name: "scrypt with Auth0's defaults (cost 16384, blockSize 8, parallelization 1) and a utf8 salt",
    stored: () => custom({ algorithm: "scrypt", hash: { value: scryptSync(PASSWORD, "pepper-salt", 32).toString("base64"), encoding: "base64" }, salt: { value: "pepper-salt" }, keylen: 32 }),
  },
];

describe("foreign password hashes", () => {
  it.each(fixtures)("$name: verifies the right password, refuses a wrong one, asks for a rehash", async (f) => {
    const stored = await f.stored();
    expect(await verifyStoredPassword(stored, f.password ?? PASSWORD)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyStoredPassword(stored, f.wrong ?? WRONG)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyStoredPassword(stored, "")).toEqual({ ok: false, needsRehash: false });
  });

  const refused: [string, unknown, RegExp][] = [
    ["unknown algorithm", { algorithm: "crc32", hash: { value: "00" } }, /algorithm/],
    ["md5 with utf8 encoding", { algorithm: "md5", hash: { value: "abc", encoding: "utf8" } }, /hash\.encoding: md5 hashes must use encoding hex or base64/],
    ["salt without position", { algorithm: "sha1", hash: { value: "00", encoding: "hex" }, salt: { value: "x" } }, /salt\.position/],
    ["hmac without key", { algorithm: "hmac", hash: { value: "00", encoding: "hex", digest: "sha256" } }, /hash\.key: hmac needs hash\.key/],
    ["hmac with md4", { algorithm: "hmac", hash: { value: "00", encoding: "hex", digest: "md4", key: { value: "k" } } }, /hmac with md4 is not supported/],
    ["argon2 with a salt", { algorithm: "argon2", hash: { value: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g" }, salt: { value: "x", position: "prefix" } }, /salt is not allowed/],
    ["argon2 not PHC", { algorithm: "argon2", hash: { value: "argon2id:whatever" } }, /not an argon2 PHC string/],
    ["bcrypt truncated", { algorithm: "bcrypt", hash: { value: "$2b$10$abc" } }, /not a bcrypt hash/],
    ["ldap {CRYPT}", { algorithm: "ldap", hash: { value: "{CRYPT}$1$abc$def" } }, /RFC 2307/],
    ["ldap {SSHA} without a salt", { algorithm: "ldap", hash: { value: `{SSHA}${randomBytes(20).toString("base64")}` } }, /wrong length/],
    ["pbkdf2 without iterations", { algorithm: "pbkdf2", hash: { value: "$pbkdf2-sha256$l=32$c2FsdA$aGFzaA" } }, /pbkdf2 i must be/],
    ["pbkdf2 with absurd iterations", { algorithm: "pbkdf2", hash: { value: "$pbkdf2-sha256$i=99999999,l=4$c2FsdA$aGFzaA" } }, /pbkdf2 i must be/],
    ["pbkdf2 l not matching", { algorithm: "pbkdf2", hash: { value: "$pbkdf2-sha256$i=10,l=64$c2FsdA$aGFzaA" } }, /pbkdf2 l/],
    ["pbkdf2 unknown digest", { algorithm: "pbkdf2", hash: { value: "$pbkdf2-md2$i=10$c2FsdA$aGFzaA" } }, /digest md2/],
    ["scrypt without salt", { algorithm: "scrypt", hash: { value: "00", encoding: "hex" }, keylen: 1 }, /scrypt needs a salt/],
    ["scrypt cost not a power of two", { algorithm: "scrypt", hash: { value: "00", encoding: "hex" }, salt: { value: "s" }, keylen: 1, cost: 1000 }, /power of two/],
    ["unknown property", { algorithm: "md5", hash: { value: "00", encoding: "hex" }, rounds: 3 }, /custom_password_hash/],
    ["not an object", "md5:abc", /custom_password_hash/],
  ];
  it.each(refused)("refuses %s at import with a message naming the field", (_name, input, message) => {
    expect(() => storedFormOfCustomHash(input)).toThrow(MalformedHashError);
    expect(() => storedFormOfCustomHash(input)).toThrow(message);
  });

  it("refuses unreadable stored values with MalformedHashError, and sign-in sees no match", async () => {
    const unreadable = [
      "foreign:{not json",
      'foreign:{"algorithm":"md5","hash":{"value":"zz","encoding":"hex"}}',
      'foreign:{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"},"salt":{"value":"s"},"keylen":1,"cost":1048576,"blockSize":64}',
      "$2b$31$" + "a".repeat(53),
    ];
    for (const stored of unreadable) {
      await expect(verifyForeignHash(stored, PASSWORD)).rejects.toBeInstanceOf(MalformedHashError);
      expect(await verifyStoredPassword(stored, PASSWORD)).toEqual({ ok: false, needsRehash: false });
    }
  });

  it("asks for no rehash of a current argon2id hash, and does for an argon2i one", async () => {
    const current = await argon2Hash(PASSWORD, { type: argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(await verifyStoredPassword(current, PASSWORD)).toEqual({ ok: true, needsRehash: false });
    const old = await argon2Hash(PASSWORD, { type: argon2i, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(await verifyStoredPassword(old, PASSWORD)).toEqual({ ok: true, needsRehash: true });
  });
});

describe("import-time checks of binary fields", () => {
  it.each([
    [{ algorithm: "sha1", hash: { value: "zz", encoding: "hex" } }, /hash\.value: not valid hex/],
    [{ algorithm: "md5", hash: { value: "00ff", encoding: "hex" } }, /a md5 hash is 16 bytes, this one decodes to 2/],
    [{ algorithm: "hmac", hash: { value: "a".repeat(64), encoding: "hex", digest: "sha256", key: { value: "%%", encoding: "base64" } } }, /hash\.key\.value: not valid base64/],
    [{ algorithm: "sha256", hash: { value: "a".repeat(64), encoding: "hex" }, salt: { value: "xyz", encoding: "hex", position: "prefix" } }, /salt\.value: not valid hex/],
    [{ algorithm: "scrypt", hash: { value: "00", encoding: "hex" }, salt: { value: "s" }, keylen: 32 }, /keylen says 32/],
    [{ algorithm: "pbkdf2", hash: { value: "$pbkdf2-sha256$i=10$c2FsdA$" } }, /custom_password_hash\.hash\.value: hash\.value is not a PHC string/],
  ])("refuses %j", (input, message) => {
    expect(() => storedFormOfCustomHash(input)).toThrow(message);
  });
});
