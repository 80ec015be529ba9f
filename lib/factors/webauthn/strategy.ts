import { FACTOR_LABELS } from "../names";
import { catalogError } from "@/lib/errors";
import type { FactorStrategy } from "../strategy";
import { hasConfirmed, noExtras } from "../strategy-parts";
import { WEBAUTHN_TYPES, type FactorType, type WebauthnType } from "../types";
import { startWebauthnChallenge } from "./challenge";
import { verifyWebauthnChallenge } from "./verify";

/** The WebAuthn types a challenge allows: one browser prompt accepts a key of any of them. */
function allowedKeys(allowed: readonly FactorType[]): WebauthnType[] {
  return WEBAUTHN_TYPES.filter((t) => allowed.includes(t));
}

function webauthnStrategy(type: WebauthnType, label: string, amr: string): FactorStrategy {
  return {
    type,
    label,
    challenge: "webauthn",
    amr: [amr],
    enrolled: (userId) => hasConfirmed(userId, type),
    async offer(actor) {
      return (await hasConfirmed(actor.userId, type)) ? { open: true } : null;
    },
    async start(actor, allowed) {
      return { kind: "webauthn", options: await startWebauthnChallenge(actor, allowedKeys([type, ...allowed])) };
    },
    async verify(actor, proof, allowed) {
      if (proof.kind !== "assertion") throw catalogError("INVALID_INPUT", { id: "refusals.useYourKey" });
      const passed = await verifyWebauthnChallenge(actor, allowedKeys([type, ...allowed]), proof.response);
      return { type: passed.type, factorId: passed.factorId };
    },
    removeExtras: noExtras,
    describe: () => undefined,
  };
}

/** A roaming security key (USB, NFC, another phone): proof of a hardware-held key. */
export const securityKeyStrategy = webauthnStrategy("webauthn-roaming", FACTOR_LABELS["webauthn-roaming"], "hwk");

/** A passkey on this device (platform authenticator). */
export const passkeyStrategy = webauthnStrategy("webauthn-platform", FACTOR_LABELS["webauthn-platform"], "swk");
