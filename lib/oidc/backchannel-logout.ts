import type Provider from "oidc-provider";
import { processWide } from "@/lib/process-wide";
import { backchannelLogoutJob } from "./backchannel-logout-job";

type Slot = { current?: Provider; building?: Promise<Provider> };
const slot = () => processWide<Slot>("oidc.provider", () => ({}));

/** The provider this process serves (startOpenIdProvider), for the worker's jobs. */
export function setRunningProvider(provider: Provider): void {
  slot().current = provider;
}

/**
 * The running provider, or, in a worker process that serves no requests, one built for it once:
 * the logout token is then signed by the same code, with the same keys, as at end-session.
 */
async function providerForJobs(): Promise<Provider> {
  const s = slot();
  if (s.current) return s.current;
  s.building ??= import("./provider").then(({ createProvider }) => createProvider());
  return s.building;
}

/**
 * Sends one logout token, as oidc-provider sends its own at end-session (`Client#backchannelLogout`:
 * the application's ID token algorithm, typ logout+jwt, the `events` claim, `sid`, its guard
 * against special-use addresses and its 2.5 s timeout). Anything but 200 or 204 throws, and the
 * job is retried with backoff. An application deleted since, or without a URI now, is owed nothing.
 */
export const sendBackchannelLogoutJobHandler = backchannelLogoutJob.handle(async ({ clientId, accountId, sid }) => {
  const provider = await providerForJobs();
  // backchannelLogout is the provider's own method, left out of its type definitions.
  const client = (await provider.Client.find(clientId)) as unknown as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid?: string): Promise<void> } | undefined;
  if (!client?.backchannelLogoutUri) return;
  await client.backchannelLogout(accountId, sid);
});
