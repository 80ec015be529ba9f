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

export { interactionClientId, setInteractionClientLookup } from "./interaction-client";
