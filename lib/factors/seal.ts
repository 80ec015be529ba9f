import crypto from "node:crypto";
import { config } from "@/lib/config";

const VERSION = "v1";

// A key of its own for factor secrets, derived from AUTH_SECRET (HKDF-SHA-256), so the session
// signing key is never used as an encryption key and the two uses cannot be confused.
function sealingKey(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", config().AUTH_SECRET, Buffer.alloc(0), "rekey factor secrets v1", 32));
}

/**
 * Encrypts a factor secret (a TOTP key) with AES-256-GCM. `context` (the user id) is bound as
 * associated data: a sealed value copied onto another user's row does not open.
 */
export function sealSecret(plain: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** Decrypts what sealSecret made for the same context; throws when it was tampered with. */
export function openSecret(sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Unknown sealed secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
