import type { AdapterPayload, ClientAuthMethod, SigningAlgorithmWithNone } from "oidc-provider";
import { findApplication, openApplicationSecret, type Application } from "@/lib/applications";

/** Client metadata Rekey adds to the provider's (extraClientMetadata). */
export const EXTRA_CLIENT_METADATA = ["rekey_first_party", "rekey_web_origins", "rekey_lifetimes", "rekey_refresh_rotation"] as const;

export type RekeyLifetimes = { id_token: number; access_token: number; refresh_token: number };

/** Only what the provider's authorization code flow serves: client credentials stay with the Management API. */
const PROVIDER_GRANTS = new Set(["authorization_code", "refresh_token"]);

/** An application as the provider's Client model reads it. */
export function clientMetadataOf(app: Application, secret: string | null): AdapterPayload {
  const grantTypes = app.grantTypes.filter((g) => PROVIDER_GRANTS.has(g));
  return {
    client_id: app.id,
    ...(secret ? { client_secret: secret } : {}),
    client_name: app.name,
    application_type: app.appType === "native" ? "native" : "web",
    redirect_uris: app.callbacks,
    post_logout_redirect_uris: app.allowedLogoutUrls,
    grant_types: grantTypes,
    response_types: grantTypes.includes("authorization_code") ? ["code"] : [],
    token_endpoint_auth_method: app.tokenEndpointAuthMethod as ClientAuthMethod,
    id_token_signed_response_alg: app.idTokenSignedResponseAlg as SigningAlgorithmWithNone,
    rekey_first_party: app.isFirstParty,
    rekey_web_origins: app.webOrigins,
    rekey_lifetimes: { id_token: app.idTokenLifetimeSec, access_token: app.accessTokenLifetimeSec, refresh_token: app.refreshTokenLifetimeSec } satisfies RekeyLifetimes,
    rekey_refresh_rotation: app.refreshTokenRotation,
    ...(app.backchannelLogoutUri ? { backchannel_logout_uri: app.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
}

/** The adapter's source of Client: machine-only applications are not OpenID clients. */
export async function findClientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
  const app = await findApplication(clientId);
  if (!app || app.appType === "non_interactive") return undefined;
  let secret: string | null;
  try {
    secret = openApplicationSecret(app);
  } catch {
    // Sealed under another AUTH_SECRET (or altered): the application cannot authenticate, and the
    // provider answers invalid_client rather than failing the request.
    console.error(`[rekey] the client secret of application ${app.id} does not open: rotate it`);
    return undefined;
  }
  return clientMetadataOf(app, secret);
}
