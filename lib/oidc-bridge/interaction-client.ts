import { processWide } from "@/lib/process-wide";

/** The application an interaction (a sign-in in progress) is for, or null when it expired or never was. */
export type InteractionClientLookup = (uid: string) => Promise<string | null>;

type Slot = { current?: InteractionClientLookup };
const slot = () => processWide<Slot>("oidc.interaction-client", () => ({}));

export function setInteractionClientLookup(lookup: InteractionClientLookup): void {
  slot().current = lookup;
}

/** The client_id behind a sign-in in progress; null without a provider in this process (`next dev`). */
export async function interactionClientId(uid: string): Promise<string | null> {
  return (await slot().current?.(uid)) ?? null;
}
