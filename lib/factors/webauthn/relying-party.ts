import { z } from "zod";
import { config } from "@/lib/config";

/** How long the browser waits for a key, and how long its challenge row lives. */
export const CEREMONY_TIMEOUT_MS = 120_000;

/** RP ID and origin from configuration: credentials are bound to them, so they never come from a request. */
export function relyingParty() {
  const cfg = config();
  return { id: cfg.WEBAUTHN_RP_ID, name: cfg.WEBAUTHN_RP_NAME, origin: new URL(cfg.PUBLIC_URL).origin };
}

const base64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*$/, "must be base64url");
const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(8).optional();

// What every PublicKeyCredential's JSON carries, whichever ceremony it answers.
const credential = {
  id: base64url.min(1).max(1366),
  rawId: base64url.min(1).max(1366),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

/** The browser's `RegistrationResponseJSON`, with sizes capped; it crossed the network. */
export const registrationResponseSchema = z.object({
  ...credential,
  response: z.object({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    authenticatorData: base64url.optional(),
    transports,
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

/** The browser's `AuthenticationResponseJSON`. */
export const authenticationResponseSchema = z.object({
  ...credential,
  response: z.object({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.optional(),
  }),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;
