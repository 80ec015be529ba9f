import crypto from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { AuthenticationResponse, RegistrationResponse } from "../webauthn/relying-party";

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => crypto.createHash("sha256").update(data).digest();

/**
 * A software WebAuthn authenticator (ES256, attestation "none") for tests: it answers the options
 * Rekey generates exactly as a security key would, so registration and assertion can be verified
 * end to end in Vitest. `origin` is what the browser would report.
 */
export function softAuthenticator(options: { origin: string; rpId: string; attachment?: "platform" | "cross-platform" }) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const credentialId = crypto.randomBytes(16);
  let counter = 0;

  const cosePublicKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );

  function authData(flags: number, attested?: Uint8Array): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(options.rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin = options.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  return {
    credentialId: b64url(credentialId),
    /** Answers `navigator.credentials.create()`. */
    register(creation: PublicKeyCredentialCreationOptionsJSON, overrides: { origin?: string } = {}): RegistrationResponse {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, credentialId, Buffer.from(cosePublicKey)]);
      const data = authData(0x01 | 0x04 | 0x40, attested);
      const attestation = new Map<string, string | Uint8Array | Map<string, string>>();
      attestation.set("fmt", "none");
      attestation.set("attStmt", new Map<string, string>());
      attestation.set("authData", new Uint8Array(data));
      const attestationObject = isoCBOR.encode(attestation);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        response: { clientDataJSON: b64url(clientData("webauthn.create", creation.challenge, overrides.origin)), attestationObject: b64url(attestationObject), transports: ["usb"] },
        authenticatorAttachment: options.attachment ?? "cross-platform",
        clientExtensionResults: {},
      };
    },
    /** Answers `navigator.credentials.get()`; each assertion moves the sign counter on. */
    assert(request: PublicKeyCredentialRequestOptionsJSON, overrides: { origin?: string; counter?: number } = {}): AuthenticationResponse {
      counter = overrides.counter ?? counter + 1;
      const data = authData(0x01 | 0x04);
      const client = clientData("webauthn.get", request.challenge, overrides.origin);
      const signature = crypto.sign("sha256", Buffer.concat([data, sha256(client)]), privateKey);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        response: { clientDataJSON: b64url(client), authenticatorData: b64url(data), signature: b64url(signature) },
        authenticatorAttachment: options.attachment ?? "cross-platform",
        clientExtensionResults: {},
      };
    },
  };
}
