import crypto from "node:crypto";
import { config } from "@/lib/config";

const VERSION = "v1";
const KEYS = new Map<string, Buffer>();

// Each purpose gets a key of its own, derived from AUTH_SECRET (HKDF-SHA-256): the session signing
// key is never used as an encryption key, and a value sealed for one purpose never opens for another.
function sealingKey(purpose: string): Buffer {
  const secret = config().AUTH_SECRET;
  const cacheKey = `${purpose}\0${secret}`;
  let key = KEYS.get(cacheKey);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), purpose, 32));
    KEYS.set(cacheKey, key);
  }
  return key;
}

/**
 * Encrypts a secret with AES-256-GCM under the key of `purpose`. `context` (the owning row's id)
 * is bound as associated data: a sealed value copied onto another row does not open.
 */
export function sealWith(purpose: string, plain: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(purpose), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** Decrypts what sealWith made for the same purpose and context; throws when it was tampered with. */
export function openWith(purpose: string, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Unknown sealed secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(purpose), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
