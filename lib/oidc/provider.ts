import crypto from "node:crypto";
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC, type ResourceServer } from "oidc-provider";
import { apiAccessFor } from "@/lib/applications";
import { config } from "@/lib/config";
import { securityHeaders } from "@/lib/http/security-headers";
import { accountSessionVersion, findAccount } from "./account";
import { createAdapterClass } from "./adapter";
import { cachedClientMetadata, EXTRA_CLIENT_METADATA, type RekeyLifetimes } from "./clients";
import { loadSigningJwks, SIGNING_ALGS } from "./keys";
import { askConsentForOfflineAccess, resolveAddedConsentPrompt } from "./offline-access";
import { renderErrorPage, renderLogoutPage, renderPostLogoutPage } from "./pages";
import { OIDC_ROUTES, ROUTE_METHODS } from "./routes";
import { rebrandFormPost } from "./form-post";
import { frameOnlyByWebOrigins } from "./web-message";
import { grantClaimsCompanion, installPostLoginAccessTokenScopes, installPostLoginIdTokenClaims, postLoginAccessTokenClaims } from "./post-login-claims";
import { postLoginPrompt } from "./post-login-prompt";
import { rekeySessionForRequest } from "./rekey-session";
import { grantSessionVersion } from "./grant-versions";
import { SESSION_COOKIES } from "@/lib/auth";
import { CODE_SECONDS, GRANT_SECONDS, INTERACTION_SECONDS, INTERACTION_URL, PROVIDER_CSP, SESSION_SECONDS } from "./settings";

function cookieKeys(): string[] {
  return [Buffer.from(crypto.hkdfSync("sha256", config().AUTH_SECRET, Buffer.alloc(0), "rekey oidc cookies v1", 32)).toString("base64url")];
}

function lifetimes(client: { [key: string]: unknown } | undefined): RekeyLifetimes | undefined {
  return client?.rekey_lifetimes as RekeyLifetimes | undefined;
}

// The login check honours the provider's own session only while the Rekey session it came from is
// alive: /logout, a password change or a block then ask for a new sign-in in every application.
function loginPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get("login")!;
  login.checks.remove("no_session");
  login.checks.add(
    new interactionPolicy.Check("no_session", "End-User authentication is required", "login_required", async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      const rekey = await rekeySessionForRequest(ctx);
      return rekey?.accountId === accountId ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
    0,
  );
  resolveAddedConsentPrompt(policy);
  // After login and consent: the post-login Actions, before the code is issued.
  policy.add(postLoginPrompt());
  return policy;
}

export type CreateProviderOptions = {
  /** @default config().PUBLIC_URL + "/" */
  issuer?: string;
  /** Called when a fresh sign-in is asked for (prompt=login, max_age): the instant, in ms, kept with the interaction. */
  onLoginRequested?: (uid: string, atMs: number) => Promise<void>;
};

/** The OpenID Provider, configured for Rekey: Auth0's paths, our storage, keys, accounts and pages. */
export async function createProvider(options: CreateProviderOptions = {}): Promise<Provider> {
  const cfg = config();
  const issuer = options.issuer ?? `${cfg.PUBLIC_URL}/`;
  const keys = await loadSigningJwks();
  const configuration: Configuration = {
    // The code exchange reads the grant's post-login claims in the grant's statement.
    adapter: createAdapterClass(cachedClientMetadata, grantClaimsCompanion(() => Provider.ctx as KoaContextWithOIDC | undefined)),
    jwks: { keys: keys as never },
    findAccount,
    routes: OIDC_ROUTES,
    cookies: {
      keys: cookieKeys(),
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    claims: {
      // amr: how the user signed in (pwd; otp, hwk, mfa… after a second factor), in every ID token as Auth0 does.
      openid: ["sub", "amr"],
      profile: ["name", "nickname", "given_name", "family_name", "picture", "updated_at"],
      email: ["email", "email_verified"],
    },
    scopes: ["openid", "offline_access", "profile", "email"],
    // Auth0's SDKs read the profile from the ID token.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    enabledJWA: { idTokenSigningAlgValues: [...SIGNING_ALGS] },
    clientDefaults: { grant_types: ["authorization_code"], response_types: ["code"], id_token_signed_response_alg: "RS256", token_endpoint_auth_method: "client_secret_post" },
    extraClientMetadata: { properties: [...EXTRA_CLIENT_METADATA] },
    allowOmittingSingleRegisteredRedirectUri: false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogoutPage, postLogoutSuccessSource: renderPostLogoutPage },
      backchannelLogout: { enabled: true },
      // auth0-spa-js's silent authentication (getTokenSilently, checkSession); framed only by the
      // application's web origins (frameOnlyByWebOrigins).
      webMessageResponseMode: { enabled: true, ack: "individual-draft-01" },
      // Auth0's `audience=<API identifier>` becomes the resource indicator (askForAudience); the
      // code and refresh token then keep asking for that API without naming it again.
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: (_ctx, indicator, client) => resourceServerInfo(indicator, client.clientId),
      },
    },
    interactions: {
      policy: loginPolicy(),
      async url(ctx, interaction) {
        const asked = interaction.prompt.name === "login" && interaction.prompt.reasons.some((r) => r === "login_prompt" || r === "max_age");
        if (asked) await options.onLoginRequested?.(interaction.uid, Date.now());
        return INTERACTION_URL(interaction.uid);
      },
    },
    // A grant made before the user's last password change, block or deletion is not reused: the
    // application gets a new one (consent again for third parties) carrying the current version.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (!grantId) return undefined;
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      const version = grant?.accountId ? await accountSessionVersion(ctx, grant.accountId) : undefined;
      if (!grant || version === undefined || (await grantSessionVersion(grantId)) !== version) return undefined;
      return grant;
    },
    extraTokenClaims: postLoginAccessTokenClaims,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: (ctx) => (ctx.oidc.client as unknown as Record<string, unknown> | undefined)?.rekey_refresh_rotation !== "non-rotating",
    clientBasedCORS: (_ctx, origin, client) => ((client as unknown as Record<string, unknown>).rekey_web_origins as string[] | undefined)?.includes(origin) ?? false,
    ttl: {
      // A token for an API lives as long as the API says; one for userinfo as the application says.
      AccessToken: (_ctx, token, client) => token.resourceServer?.accessTokenTTL ?? lifetimes(client as never)?.access_token ?? 86400,
      IdToken: (_ctx, _token, client) => lifetimes(client as never)?.id_token ?? 36000,
      RefreshToken: (_ctx, _token, client) => lifetimes(client as never)?.refresh_token ?? 2592000,
      AuthorizationCode: CODE_SECONDS,
      Interaction: INTERACTION_SECONDS,
      Session: SESSION_SECONDS,
      // The longest refresh token lifetime an application may have: a grant outlives its tokens.
      Grant: GRANT_SECONDS,
    },
    renderError: renderErrorPage,
    fetch: outgoingFetch(cfg.isProduction),
  };
  const provider = new Provider(issuer, configuration);
  // `sid` in every ID token (Auth0 puts it there), not only for back-channel logout clients.
  provider.Client.prototype.includeSid = () => true;
  installPostLoginIdTokenClaims(provider);
  installPostLoginAccessTokenScopes(provider, () => Provider.ctx as KoaContextWithOIDC | undefined);
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    const https = issuer.startsWith("https://");
    for (const [name, value] of securityHeaders(ctx.path, { https })) ctx.set(name, value);
    ctx.set("Content-Security-Policy", PROVIDER_CSP);
    askForAudience(ctx);
    await askConsentForOfflineAccess(ctx, provider);
    await next();
    answerUnrouted(ctx);
    rebrandFormPost(ctx);
    frameOnlyByWebOrigins(ctx);
  });
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => endRekeySession(ctx, issuer));
  return provider;
}

/**
 * What the provider's router leaves unanswered (a method an endpoint does not serve, such as
 * POST /authorize, or a path below one of its endpoints) gets the OAuth error shape: koa's own
 * answer was a plain-text "Not Found".
 */
function answerUnrouted(ctx: KoaContextWithOIDC): void {
  if (ctx.status !== 404 || ctx.body != null) return;
  const allowed = ROUTE_METHODS[ctx.path];
  ctx.set("Cache-Control", "no-store");
  if (allowed) {
    ctx.status = 405;
    ctx.set("Allow", allowed.join(", "));
    ctx.body = { error: "invalid_request", error_description: `${ctx.path} does not accept ${ctx.method} requests.` };
    return;
  }
  ctx.status = 404;
  ctx.body = { error: "invalid_request", error_description: "There is no such endpoint." };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The provider's outgoing requests (back-channel logout tokens). Its own guard refuses special-use
 * addresses (SSRF); outside production a loopback URI is let through, so an application on the
 * developer's machine gets its logout tokens, as loopback redirect URIs are allowed there too.
 */
function outgoingFetch(production: boolean): typeof fetch {
  return (url, options) => {
    const host = URL.parse(String(url))?.hostname;
    if (!production && host && LOOPBACK.has(host) && options) delete (options as { dispatcher?: unknown }).dispatcher;
    return fetch(url, options);
  };
}

/**
 * An API (resource server) as the provider issues tokens for it: a JWT signed with the tenant's key
 * of the API's algorithm, carrying the scopes the API defines and the application was granted.
 * No such API, or no grant for this application, is `invalid_target`: no token at all.
 */
async function resourceServerInfo(indicator: string, clientId: string): Promise<ResourceServer> {
  const access = await apiAccessFor(clientId, indicator);
  if (!access) throw new errors.InvalidTarget("the application is not authorized to access this API");
  return {
    audience: access.api.identifier,
    scope: access.scopes.join(" "),
    accessTokenTTL: access.api.tokenLifetimeSec,
    accessTokenFormat: "jwt",
    jwt: { sign: { alg: access.api.signingAlg as "RS256" } },
  };
}

/** Auth0's `audience` parameter at /authorize is RFC 8707's `resource`, when the request names none. */
function askForAudience(ctx: KoaContextWithOIDC): void {
  if (ctx.path !== OIDC_ROUTES.authorization || ctx.method !== "GET") return;
  const { audience, resource } = ctx.query;
  if (typeof audience !== "string" || !audience || resource !== undefined) return;
  const query: Record<string, unknown> = { ...ctx.query, resource: audience };
  delete query.audience;
  ctx.query = query as typeof ctx.query;
}

/**
 * Signing out of an application through end-session also ends the Rekey session, when the user
 * chose it: the provider's own internal logout (another account signed in, in this browser)
 * returns to its authorization endpoint, and must leave the new Rekey session alone.
 */
function endRekeySession(ctx: KoaContextWithOIDC, issuer: string): void {
  const returnTo = (ctx.oidc.session?.state as { postLogoutRedirectUri?: unknown } | undefined)?.postLogoutRedirectUri;
  const internal = typeof returnTo === "string" && returnTo.startsWith(new URL(OIDC_ROUTES.authorization, issuer).href);
  if (!ctx.oidc.params?.logout || internal) return;
  const secure = issuer.startsWith("https://");
  for (const name of SESSION_COOKIES) ctx.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure || name.startsWith("__Secure-") ? "; Secure" : ""}`);
}
