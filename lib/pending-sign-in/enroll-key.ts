import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { beginWebauthnRegistration, type WebauthnType } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { loadPendingSignIn } from "./load";
import { enrollingUser } from "./second-factor";

/** The browser's WebAuthn registration options for a key being set up at sign-in. */
export type StartedKeyEnrollment = { kind: "registration"; options: PublicKeyCredentialCreationOptionsJSON };

/**
 * "Add security key" or "Add passkey" on sign-in's set-up step (MFA policy "always"): the account
 * page's registration, its challenge bound to this browser's pending sign-in, so only this sign-in
 * can answer it, once (verifyProof then checks the answer and completes the sign-in). The password
 * was just verified: it is the recent-password check the account page asks for.
 */
export async function startSignInKeyEnrollment(cookieValue: string | undefined, method: WebauthnType, ctx: RequestContext): Promise<StartedKeyEnrollment> {
  const row = await loadPendingSignIn(cookieValue);
  const user = await enrollingUser(row, ctx, method);
  const options = await beginWebauthnRegistration({ ...user, flowId: row.id }, method === "webauthn-platform" ? "this-device" : "security-key");
  return { kind: "registration", options };
}
