// Rekey as an OpenID Provider (panva's oidc-provider). Server-side only: reached from server.ts and
// tests, never from app/ (no oidc-provider code in Next's bundles); Next pages read the running
// provider through lib/oidc-bridge.
import { config } from "@/lib/config";
import { createInteractionHandler } from "./interactions";
import { createOidcHttp, type OidcHttp } from "./http";
import { ensureSigningKeys } from "./keys";
import { loginRequestedAt, recordLoginRequest } from "./login-requests";
import { loginUriOf } from "./login-uri";
import type { createProvider } from "./provider";
import { INTERACTION_SECONDS } from "./settings";
import { registerConsentBridge } from "./consent";
import { registerPostLoginContinue } from "./post-login-store";
import { setRunningProvider } from "./backchannel-logout";

export type OpenIdProvider = OidcHttp & { provider: Awaited<ReturnType<typeof createProvider>>; generatedKeys: string[] };

/** Generates missing signing keys, builds the provider, and answers its routes (see routes.ts). */
export async function startOpenIdProvider(options: { clientCredentials: (request: Request) => Promise<Response>; issuer?: string }): Promise<OpenIdProvider> {
  const { generated } = await ensureSigningKeys();
  // Loaded only now: a start refused earlier (configuration, seed) then says so in one line.
  const { createProvider } = await import("./provider");
  const provider = await createProvider({
    issuer: options.issuer ?? `${config().PUBLIC_URL}/`,
    onLoginRequested: (uid, atMs) => recordLoginRequest(uid, atMs, INTERACTION_SECONDS),
  });
  const interaction = createInteractionHandler(provider, { loginRequestedAt, loginUriOf });
  registerConsentBridge(provider);
  setRunningProvider(provider);
  registerPostLoginContinue();
  return { ...createOidcHttp({ provider, interaction, clientCredentials: options.clientCredentials }), provider, generatedKeys: generated };
}

export { rotateSigningKeys, listSigningKeys, ensureSigningKeys, SIGNING_ALGS, type SigningAlg } from "./keys";
export { sweepExpiredOidcRows } from "./adapter";
export { oidcSweepJob, oidcSweepJobHandler, scheduleOidcSweep } from "./sweep";
export { backchannelLogoutJob } from "./backchannel-logout-job";
export { sendBackchannelLogoutJobHandler } from "./backchannel-logout";
export { routeOf } from "./routes";
