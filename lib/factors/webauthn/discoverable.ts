import crypto from "node:crypto";
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { prisma } from "@/lib/db";
import { catalogError } from "@/lib/errors";
import { generateToken, hashToken } from "@/lib/security";
import { WEBAUTHN_TYPES, type WebauthnType } from "../types";
import { relyingParty, type AuthenticationResponse } from "./relying-party";

/**
 * @default 10 minutes: the browser's autofill (conditional UI) keeps the request open while the
 * person looks at the form, much longer than a button-started ceremony.
 */
export const PASSKEY_SIGN_IN_SECONDS = 10 * 60;

const CEREMONY = "passkey-sign-in";
// Nobody is known before the assertion names its credential: the row's user is this placeholder,
// and its flow is the hash of the browser's handle (cookie), which binds it to that browser.
const NO_USER = "";

/**
 * Starts "Sign in with a passkey": options without allowCredentials (the authenticator offers its
 * discoverable credentials for this RP) and user verification required, since the passkey stands
 * for both factors. Returns the handle for the browser's cookie; the stored challenge is bound to it.
 */
export async function startPasskeySignIn(): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; handle: string }> {
  const handle = generateToken(32);
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: PASSKEY_SIGN_IN_SECONDS * 1000 });
  const db = await prisma();
  await db.$transaction([
    // Unanswered ceremonies past their time go with each new one: they never pile up.
    db.factorChallenge.deleteMany({ where: { userId: NO_USER, ceremony: CEREMONY, expiresAt: { lt: new Date() } } }),
    db.factorChallenge.create({
      data: { id: crypto.randomUUID(), userId: NO_USER, flowId: hashToken(handle), ceremony: CEREMONY, secret: options.challenge, expiresAt: new Date(Date.now() + PASSKEY_SIGN_IN_SECONDS * 1000) },
    }),
  ]);
  return { options, handle };
}

/**
 * Checks a passkey sign-in. In order: claim this browser's challenge (deleted before the check, so
 * it answers one attempt), find the credential among every user's confirmed keys, verify the
 * signature with user verification required, then move the sign counter with a conditional update.
 * Every refusal is one answer: nothing tells which credentials exist.
 */
export async function verifyPasskeySignIn(handle: string | undefined, response: AuthenticationResponse): Promise<{ userId: string; type: WebauthnType; factorId: string }> {
  const failed = (detail: string) => catalogError("WEBAUTHN_FAILED", { id: "refusals.passkeyDidNotSignIn" }, { detail });
  if (!handle || !/^[A-Za-z0-9_-]{43}$/.test(handle)) throw failed("no ceremony cookie");
  const db = await prisma();
  const challenge = await db.factorChallenge.findFirst({ where: { userId: NO_USER, ceremony: CEREMONY, flowId: hashToken(handle) } });
  if (!challenge) throw failed("no challenge for this browser");
  const claimed = await db.factorChallenge.deleteMany({ where: { id: challenge.id } });
  if (claimed.count !== 1 || challenge.expiresAt <= new Date()) throw failed("challenge expired or used");
  const factor = await db.factor.findFirst({ where: { credentialId: response.id, type: { in: [...WEBAUTHN_TYPES] }, confirmedAt: { not: null } } });
  if (!factor?.credentialId || !factor.publicKey) throw failed("unknown credential");
  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge.secret,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: { id: factor.credentialId, publicKey: isoBase64URL.toBuffer(factor.publicKey), counter: factor.counter, transports: factor.transports },
    requireUserVerification: true,
  }).catch((error: unknown) => {
    throw failed(error instanceof Error ? error.message : String(error));
  });
  if (!verification.verified) throw failed("not verified");
  const moved = await db.factor.updateMany({
    where: { id: factor.id, counter: factor.counter },
    data: { counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() },
  });
  if (moved.count !== 1) throw failed("sign counter moved meanwhile");
  return { userId: factor.userId, type: factor.type as WebauthnType, factorId: factor.id };
}
