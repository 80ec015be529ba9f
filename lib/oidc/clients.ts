import type { AdapterPayload, ClientAuthMethod, SigningAlgorithmWithNone } from "oidc-provider";
import { findApplication, openApplicationSecret, type Application } from "@/lib/applications";
import { applicationsChangeCount } from "@/lib/applications/changes";
import { prisma } from "@/lib/db";

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

/**
 * @default 2 seconds: how long another instance's change to an application (a rotated secret, a
 * deletion) may go unseen here. A change made in this process is seen at once.
 */
export const CLIENT_CACHE_MS = 2000;

type CachedClient = { metadata: AdapterPayload; changeCount: number; readAtMs: number };
/** Per database (tests switch databases; a client_id may name another application in the next). */
const cachedClients = new WeakMap<object, Map<string, CachedClient>>();

/**
 * findClientMetadata with a short memory: the provider looks its client up several times per
 * request and in every request of a sign-in, each a database round trip. An entry serves while
 * no application changed in this process since it was read (applicationsChangeCount) and for
 * CLIENT_CACHE_MS at most, the bound for changes made by another instance on the same PostgreSQL.
 * Only found clients are kept: an unknown client_id costs its lookup every time, as before.
 */
export async function cachedClientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
  const db = await prisma();
  let clients = cachedClients.get(db);
  if (!clients) cachedClients.set(db, (clients = new Map()));
  const now = Date.now();
  const changeCount = applicationsChangeCount();
  const hit = clients.get(clientId);
  // A copy each time: the provider gets a fresh object, as from the database.
  if (hit && hit.changeCount === changeCount && now - hit.readAtMs < CLIENT_CACHE_MS) return structuredClone(hit.metadata);
  const metadata = await findClientMetadata(clientId);
  if (metadata) clients.set(clientId, { metadata: structuredClone(metadata), changeCount, readAtMs: now });
  else clients.delete(clientId);
  // A bound on memory against many client_ids: expired entries go on the way.
  if (clients.size > 1000) for (const [id, entry] of clients) if (now - entry.readAtMs >= CLIENT_CACHE_MS) clients.delete(id);
  return metadata;
}
