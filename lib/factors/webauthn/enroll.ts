import crypto from "node:crypto";
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { logFactorEvent } from "../log";
import { requireReauth } from "../reauth";
import { WEBAUTHN_TYPES, type AccountActor, type WebauthnType } from "../types";
import type { RequestContext } from "@/lib/http";
import { CEREMONY_TIMEOUT_MS, relyingParty, type RegistrationResponse } from "./relying-party";
import { replacedChallenges } from "../replaced-challenges";

/** What the user said they are adding: it only steers the browser's prompt. */
export type AuthenticatorKind = "security-key" | "this-device";

/**
 * Who registers a key, once the caller has checked it: the account page after its recent-password
 * check (no flow), or a sign-in whose password was just verified (MFA policy "always"), whose
 * pending sign-in is the flow. The challenge is bound to that flow: one made on the account page
 * never answers a sign-in's registration, nor one sign-in's another's.
 */
export type Registrant = { userId: string; ctx: RequestContext; flowId?: string | null };

/**
 * Registration options for a new security key or passkey, with a challenge kept server-side
 * (ceremony `registration`, not bound to any flow); a newer start replaces an older one.
 */
export async function startWebauthnRegistration(actor: AccountActor, kind: AuthenticatorKind): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await requireReauth(actor);
  return beginWebauthnRegistration(actor, kind);
}

/** startWebauthnRegistration for a caller that has already checked who is asking (see Registrant). */
export async function beginWebauthnRegistration(who: Registrant, kind: AuthenticatorKind): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const flowId = who.flowId ?? null;
  const db = await prisma();
  const user = await db.user.findUniqueOrThrow({ where: { id: who.userId } });
  const existing = await db.factor.findMany({
    where: { userId: user.id, type: { in: [...WEBAUTHN_TYPES] }, credentialId: { not: null } },
    select: { credentialId: true, transports: true },
  });
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email ?? user.username ?? user.id,
    userDisplayName: user.name ?? user.email ?? user.username ?? "",
    // A stable handle, so a passkey made again for this account replaces the old one on the device.
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: existing.map((f) => ({ id: f.credentialId!, transports: f.transports })),
    authenticatorSelection: {
      residentKey: "preferred",
      userVerification: "preferred",
      authenticatorAttachment: kind === "this-device" ? "platform" : "cross-platform",
    },
    preferredAuthenticatorType: kind === "this-device" ? "localDevice" : "securityKey",
  });
  await db.$transaction([
    db.factorChallenge.deleteMany({ where: replacedChallenges(user.id, { flowId, ceremony: "registration" }) }),
    db.factorChallenge.create({
      data: {
        id: crypto.randomUUID(),
        userId: user.id,
        flowId,
        ceremony: "registration",
        secret: options.challenge,
        expiresAt: new Date(Date.now() + CEREMONY_TIMEOUT_MS),
      },
    }),
  ]);
  return options;
}

/**
 * Verifies the browser's answer and stores the credential. The challenge row is deleted before the
 * answer is checked, so it serves exactly one attempt whatever the outcome. The attachment the
 * browser reports decides the factor type: `platform` is a passkey on this device
 * (`webauthn-platform`); anything else a roaming security key.
 */
export async function finishWebauthnRegistration(
  actor: AccountActor,
  input: { name: string; response: RegistrationResponse },
): Promise<RegisteredKey> {
  await requireReauth(actor);
  return completeWebauthnRegistration(actor, input);
}

export type RegisteredKey = { id: string; type: WebauthnType; name: string };

/** finishWebauthnRegistration for a caller that has already checked who is asking (see Registrant). */
export async function completeWebauthnRegistration(actor: Registrant, input: { name: string; response: RegistrationResponse }): Promise<RegisteredKey> {
  const db = await prisma();
  const challenge = await db.factorChallenge.findFirst({
    where: { userId: actor.userId, flowId: actor.flowId ?? null, ceremony: "registration" },
    orderBy: { createdAt: "desc" },
  });
  if (!challenge) throw catalogError("WEBAUTHN_FAILED", { id: "refusals.registrationExpired" });
  const claimed = await db.factorChallenge.deleteMany({ where: { id: challenge.id } });
  if (claimed.count !== 1 || challenge.expiresAt <= new Date()) throw catalogError("WEBAUTHN_FAILED", { id: "refusals.registrationExpired" });
  const rp = relyingParty();
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge.secret,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch((error: unknown) => {
    throw new AppError("WEBAUTHN_FAILED", undefined, { detail: error instanceof Error ? error.message : String(error) });
  });
  if (!verification.verified) throw new AppError("WEBAUTHN_FAILED");
  const { credential } = verification.registrationInfo;
  const type: WebauthnType = input.response.authenticatorAttachment === "platform" ? "webauthn-platform" : "webauthn-roaming";
  const factor = await db.factor
    .create({
      data: {
        userId: actor.userId,
        type,
        name: input.name,
        confirmedAt: new Date(),
        credentialId: credential.id,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? input.response.response.transports ?? [],
      },
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002" || /unique/i.test(String((error as Error).message))) throw catalogError("FACTOR_EXISTS", { id: "refusals.keyAlreadyRegistered" });
      throw error;
    });
  await logFactorEvent("gd_enrollment_complete", actor, { factor: type, factorId: factor.id });
  return { id: factor.id, type, name: factor.name };
}
