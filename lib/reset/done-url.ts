import type { ResetFlowRow } from "./flow";

/** An interaction's uid as the provider makes them (nanoid): anything else is not passed on. */
export const INTERACTION_UID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The done page, told which application the reset came from: it then offers "Back to <app>",
 * resuming the interrupted sign-in (`interaction`) or else at the app's login URI. Only ids travel:
 * the page looks the application up, so the query cannot name a place to go.
 */
export function doneUrlOf(flow: Pick<ResetFlowRow, "clientId" | "interactionUid">): string {
  if (!flow.clientId) return "/reset/done";
  const query = new URLSearchParams({ client_id: flow.clientId });
  if (flow.interactionUid && INTERACTION_UID.test(flow.interactionUid)) query.set("interaction", flow.interactionUid);
  return `/reset/done?${query}`;
}
