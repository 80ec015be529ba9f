import { timingSafeEqual } from "node:crypto";
import type { BinaryEncoding, CustomPasswordHash } from "./schema";

/** Thrown for a stored foreign hash that cannot be read; callers turn it into "no match". */
export class MalformedHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedHashError";
  }
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// Standard and URL-safe alphabets, padding optional; passlib's "adapted" `.` is mapped to `+`.
const BASE64 = /^[A-Za-z0-9+/_.-]*={0,2}$/;

/** Decodes `value` strictly: Buffer.from would silently drop bad characters and compare garbage. */
export function decode(value: string, encoding: BinaryEncoding, what: string): Buffer {
  if (encoding === "utf8") return Buffer.from(value, "utf8");
  if (encoding === "hex") {
    if (!HEX.test(value)) throw new MalformedHashError(`${what}: not valid hex`);
    return Buffer.from(value, "hex");
  }
  if (!BASE64.test(value)) throw new MalformedHashError(`${what}: not valid base64`);
  return Buffer.from(value.replace(/\./g, "+").replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** The password's bytes in the encoding the old system hashed them with (utf8 unless told). */
export function passwordBytes(plain: string, h: Pick<CustomPasswordHash, "password">): Buffer {
  return Buffer.from(plain, h.password?.encoding ?? "utf8");
}

/** The password with the salt before or after it, as `salt.position` says. */
export function saltedPassword(plain: string, h: CustomPasswordHash): Buffer {
  const password = passwordBytes(plain, h);
  if (!h.salt) return password;
  const salt = decode(h.salt.value, h.salt.encoding, "salt.value");
  return h.salt.position === "prefix" ? Buffer.concat([salt, password]) : Buffer.concat([password, salt]);
}

/**
 * Constant-time equality. The lengths are not secret (the stored hash shows its own), so unequal
 * lengths answer at once.
 */
export function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
