import { processWide } from "@/lib/process-wide";

/** Something the provider knows about a sign-in in progress (by its uid), or null when it expired or never was. */
type InteractionLookup = (uid: string) => Promise<string | null>;

/** A lookup the provider registers at start; null without a provider in this process (`next dev`). */
function registeredLookup(name: string) {
  const slot = () => processWide<{ current?: InteractionLookup }>(name, () => ({}));
  return {
    set: (lookup: InteractionLookup) => void (slot().current = lookup),
    call: async (uid: string) => (await slot().current?.(uid)) ?? null,
  };
}

/** The application an interaction (a sign-in in progress) is for, or null when it expired or never was. */
export type InteractionClientLookup = InteractionLookup;
/** The `ui_locales` an application sent with a sign-in in progress, as sent; null when unknown. */
export type InteractionLocalesLookup = InteractionLookup;

const clientLookup = registeredLookup("oidc.interaction-client");
const localesLookup = registeredLookup("oidc.interaction-locales");

export function setInteractionClientLookup(lookup: InteractionClientLookup): void {
  clientLookup.set(lookup);
}

/** The client_id behind a sign-in in progress; null without a provider in this process (`next dev`). */
export async function interactionClientId(uid: string): Promise<string | null> {
  return clientLookup.call(uid);
}

export function setInteractionLocalesLookup(lookup: InteractionLocalesLookup): void {
  localesLookup.set(lookup);
}

/** The languages the application asked its sign-in to speak (OIDC `ui_locales`), or null. */
export async function interactionUiLocales(uid: string): Promise<string | null> {
  return localesLookup.call(uid);
}
