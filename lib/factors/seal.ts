import { openWith, sealWith } from "@/lib/security";

const PURPOSE = "rekey factor secrets v1";

/** Seals a factor secret (a TOTP key) for one user; see lib/security/seal.ts. */
export function sealSecret(plain: string, context: string): string {
  return sealWith(PURPOSE, plain, context);
}

/** Opens what sealSecret made for the same user; throws when it was tampered with. */
export function openSecret(sealed: string, context: string): string {
  return openWith(PURPOSE, sealed, context);
}
