// What Next pages may know of the running OpenID Provider, without importing it: server.ts
// registers the implementation in a process-wide slot (lib/oidc), pages read it from here.
import { processWide } from "@/lib/process-wide";

/** A third-party application's request for consent, as the consent page shows it. */
export type ConsentView = { uid: string; clientName: string; scopes: string[] };

export type ConsentBridge = {
  /** The interaction of this browser (its cookies) awaiting consent, or null. */
  consentView(uid: string, cookieHeader: string): Promise<ConsentView | null>;
};

type Slot = { current?: ConsentBridge };
const slot = () => processWide<Slot>("oidc.consent-bridge", () => ({}));

export function setConsentBridge(bridge: ConsentBridge): void {
  slot().current = bridge;
}

/** The bridge, or null when no provider runs in this process (`next dev` without server.ts). */
export function consentBridge(): ConsentBridge | null {
  return slot().current ?? null;
}

export { interactionClientId, interactionUiLocales, setInteractionClientLookup, setInteractionLocalesLookup } from "./interaction-client";
/** `/continue` for a sign-in that a post-login Action sent to another site (lib/oidc/post-login-store). */
export type PostLoginContinueBridge = {
  /** Records the return's parameters and gives the interaction path to resume, or null when `state` is not a post-login one. */
  continueSignIn(state: string, params: { query: Record<string, unknown>; body: Record<string, unknown> }): Promise<string | null>;
};

type ContinueSlot = { current?: PostLoginContinueBridge };
const continueSlot = () => processWide<ContinueSlot>("oidc.post-login-continue", () => ({}));

export function setPostLoginContinueBridge(bridge: PostLoginContinueBridge): void {
  continueSlot().current = bridge;
}

/** The bridge, or null when no provider runs in this process. */
export function postLoginContinueBridge(): PostLoginContinueBridge | null {
  return continueSlot().current ?? null;
}
