import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { isProtectedClaim } from "@/lib/actions";
import type { GrantCompanion } from "./adapter";
import { CLAIMS_MODEL, grantClaims, type TokenClaims } from "./post-login-store";

type WithGrant = { grantId?: string } | undefined;

const claimsByRequest = new WeakMap<object, Map<string, ReturnType<typeof grantClaims>>>();

/**
 * The grant's claims, read once per provider request: a token response issues an access token and
 * an ID token of the same grant, each wanting them. Both are issued after findAccount, so after a
 * refresh's post-login run saved the claims it asked for.
 */
function grantClaimsForRequest(ctx: object | undefined, grantId: string | undefined): ReturnType<typeof grantClaims> {
  if (!ctx || !grantId) return grantClaims(grantId);
  let claims = claimsByRequest.get(ctx);
  if (!claims) claimsByRequest.set(ctx, (claims = new Map()));
  let read = claims.get(grantId);
  if (!read) claims.set(grantId, (read = grantClaims(grantId)));
  return read;
}

function grantIdOf(ctx: KoaContextWithOIDC | undefined): string | undefined {
  const entities = ctx?.oidc?.entities as Record<string, WithGrant> | undefined;
  return entities?.AuthorizationCode?.grantId ?? entities?.RefreshToken?.grantId;
}

/**
 * The ID token carries the `idToken.setCustomClaim` claims of the grant's last post-login run.
 * They are not in any scope, so the provider's claim mask would drop them from `claims()`: they
 * are set as the token's extras instead, the way the provider adds `nonce` or `sid`. Names the
 * provider already set win, and protected names were dropped when the Actions ran.
 */
export function installPostLoginIdTokenClaims(provider: Provider): void {
  const IdToken = provider.IdToken as unknown as { prototype: { issue(this: IdTokenLike, options?: { use?: string }): Promise<string> } };
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function issueWithPostLoginClaims(this: IdTokenLike, options?: { use?: string }) {
    if (options?.use === "idtoken") {
      const claims = await grantClaimsForRequest(this.ctx, grantIdOf(this.ctx));
      for (const [name, value] of Object.entries(claims?.idToken ?? {})) {
        if (!(name in this.extra) && !isProtectedClaim(name, "id_token")) this.extra[name] = value;
      }
    }
    return issue.call(this, options);
  };
}

type IdTokenLike = { ctx?: KoaContextWithOIDC; extra: Record<string, unknown> };

/**
 * At the code exchange, the grant's claims are read in the grant's own statement (the adapter's
 * companion read) and kept for the tokens of that request. Only there: a refresh runs the
 * post-login Actions after the grant is read, and they may save new claims.
 */
export function grantClaimsCompanion(currentRequest: () => KoaContextWithOIDC | undefined): GrantCompanion {
  const codeExchange = (ctx: KoaContextWithOIDC | undefined) => ctx?.oidc?.route === "token" && ctx.oidc.params?.grant_type === "authorization_code";
  return {
    model: CLAIMS_MODEL,
    wanted: () => codeExchange(currentRequest()),
    found(grantId, payload) {
      const ctx = currentRequest();
      if (!codeExchange(ctx)) return;
      let claims = claimsByRequest.get(ctx!);
      if (!claims) claimsByRequest.set(ctx!, (claims = new Map()));
      claims.set(grantId, Promise.resolve(payload as TokenClaims | undefined));
    },
  };
}

type AccessTokenLike = { grantId?: string; kind?: string; scope?: string };

/** A token's scope after `accessToken.addScope` / `removeScope` (the fold kept the last call per scope). */
export function withPostLoginScopes(scope: string | undefined, changes: NonNullable<TokenClaims["scopes"]>): string | undefined {
  const scopes = new Set((scope ?? "").split(" ").filter(Boolean));
  for (const added of changes.added) scopes.add(added);
  for (const removed of changes.removed) scopes.delete(removed);
  return scopes.size ? [...scopes].join(" ") : undefined;
}

/**
 * An access token's scope carries the grant's `accessToken.addScope` / `removeScope` of its last
 * post-login run: applied before the token is saved, so the stored (or JWT) token and the token
 * endpoint's `scope` agree. The claims are the request's (read once for all its tokens).
 */
export function installPostLoginAccessTokenScopes(provider: Provider, currentRequest: () => KoaContextWithOIDC | undefined): void {
  const AccessToken = provider.AccessToken as unknown as { prototype: { save(this: AccessTokenLike): Promise<string> } };
  const save = AccessToken.prototype.save;
  AccessToken.prototype.save = async function saveWithPostLoginScopes(this: AccessTokenLike) {
    const claims = await grantClaimsForRequest(currentRequest(), this.grantId);
    if (claims?.scopes) this.scope = withPostLoginScopes(this.scope, claims.scopes);
    return save.call(this);
  };
}

/** `extraTokenClaims`: an access token carries the grant's `accessToken.setCustomClaim` claims. */
export async function postLoginAccessTokenClaims(ctx: KoaContextWithOIDC, token: { grantId?: string; kind?: string }): Promise<Record<string, unknown> | undefined> {
  if (token.kind && token.kind !== "AccessToken") return undefined;
  const claims = await grantClaimsForRequest(ctx, token.grantId);
  if (!claims) return undefined;
  return Object.fromEntries(Object.entries(claims.accessToken).filter(([name]) => !isProtectedClaim(name, "access_token")));
}
