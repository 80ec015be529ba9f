import crypto from "node:crypto";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FlowActor, WebauthnType } from "../types";
import { CEREMONY_TIMEOUT_MS, relyingParty } from "./relying-party";
import { replacedChallenges } from "../replaced-challenges";

/**
 * Authentication options for a reset's WebAuthn step: only the user's credentials of the allowed
 * types, and a challenge stored bound to this flow (ceremony `authentication`). A new start
 * replaces the flow's earlier challenge, so a retry after a cancelled prompt works.
 */
export async function startWebauthnChallenge(actor: FlowActor, types: readonly WebauthnType[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const db = await prisma();
  const factors = await db.factor.findMany({
    where: { userId: actor.userId, type: { in: [...types] }, confirmedAt: { not: null }, credentialId: { not: null } },
    select: { credentialId: true, transports: true },
  });
  if (factors.length === 0) throw new AppError("FACTOR_NOT_FOUND");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: factors.map((f) => ({ id: f.credentialId!, transports: f.transports })),
    userVerification: "preferred",
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await db.$transaction([
    db.factorChallenge.deleteMany({ where: replacedChallenges(actor.userId, { flowId: actor.flowId, ceremony: "authentication" }) }),
    db.factorChallenge.create({
      data: {
        id: crypto.randomUUID(),
        userId: actor.userId,
        flowId: actor.flowId,
        ceremony: "authentication",
        secret: options.challenge,
        expiresAt: new Date(Date.now() + CEREMONY_TIMEOUT_MS),
      },
    }),
  ]);
  return options;
}
