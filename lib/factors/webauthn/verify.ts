import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import type { FlowActor, WebauthnType } from "../types";
import { relyingParty, type AuthenticationResponse } from "./relying-party";

/**
 * Checks a reset's WebAuthn assertion. In order: claim the flow's challenge (deleted before the
 * check, so it answers one attempt), find the credential among this user's factors of the allowed
 * types, verify the signature against the stored challenge, RP ID and origin, then move the sign
 * counter with a conditional update (two uses of a cloned key cannot both pass).
 */
export async function verifyWebauthnChallenge(
  actor: FlowActor,
  types: readonly WebauthnType[],
  response: AuthenticationResponse,
): Promise<{ type: WebauthnType; factorId: string }> {
  const db = await prisma();
  const challenge = await db.factorChallenge.findFirst({
    where: { userId: actor.userId, flowId: actor.flowId, ceremony: "authentication" },
    orderBy: { createdAt: "desc" },
  });
  if (!challenge) throw catalogError("WEBAUTHN_FAILED", { id: "webauthn.attemptExpired" });
  const claimed = await db.factorChallenge.deleteMany({ where: { id: challenge.id } });
  if (claimed.count !== 1 || challenge.expiresAt <= new Date()) throw catalogError("WEBAUTHN_FAILED", { id: "webauthn.attemptExpired" });
  const factor = await db.factor.findFirst({
    where: { userId: actor.userId, credentialId: response.id, type: { in: [...types] }, confirmedAt: { not: null } },
  });
  if (!factor?.credentialId || !factor.publicKey) {
    throw catalogError("WEBAUTHN_FAILED", { id: "webauthn.keyNotRegistered" }, { detail: "unknown credential" });
  }
  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge.secret,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: { id: factor.credentialId, publicKey: isoBase64URL.toBuffer(factor.publicKey), counter: factor.counter, transports: factor.transports },
    requireUserVerification: false,
  }).catch((error: unknown) => {
    throw new AppError("WEBAUTHN_FAILED", undefined, { detail: error instanceof Error ? error.message : String(error) });
  });
  if (!verification.verified) throw new AppError("WEBAUTHN_FAILED");
  const moved = await db.factor.updateMany({
    where: { id: factor.id, counter: factor.counter },
    data: { counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() },
  });
  if (moved.count !== 1) throw new AppError("WEBAUTHN_FAILED", undefined, { detail: "sign counter moved meanwhile" });
  return { type: factor.type as WebauthnType, factorId: factor.id };
}
