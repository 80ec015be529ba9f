import crypto from "node:crypto";

/** 32 random bytes, URL-safe: the secret handed to a person (link ticket, flow handle). */
export function generateToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** SHA-256 of a token; the only form in which a secret is stored. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** A numeric one-time code of `digits` digits, uniformly drawn. */
export function generateNumericCode(digits = 6): string {
  return crypto.randomInt(0, 10 ** digits).toString().padStart(digits, "0");
}

/** Constant-time comparison of two strings (different lengths compare unequal, still in constant time). */
export function timingSafeEqualString(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

/** A short random id in hex (e.g. user ids, connection ids). */
export function randomHex(bytes: number): string {
  return crypto.randomBytes(bytes).toString("hex");
}

/**
 * HMAC-SHA-256 under the server secret: for short secrets (6-digit codes) whose plain SHA-256
 * could be reversed by trying every value, were the database ever read by someone else.
 */
export function keyedHash(value: string, key: string): string {
  return crypto.createHmac("sha256", key).update(value, "utf8").digest("hex");
}
