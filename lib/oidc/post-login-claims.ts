import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { isProtectedClaim } from "@/lib/actions";
import { grantClaims, type TokenClaims } from "./post-login-store";

type WithGrant = { grantId?: string } | undefined;

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
      const claims = await grantClaims(grantIdOf(this.ctx));
      for (const [name, value] of Object.entries(claims?.idToken ?? {})) {
        if (!(name in this.extra) && !isProtectedClaim(name, "id_token")) this.extra[name] = value;
      }
    }
    return issue.call(this, options);
  };
}

type IdTokenLike = { ctx?: KoaContextWithOIDC; extra: Record<string, unknown> };

type AccessTokenLike = { grantId?: string; kind?: string; scope?: string };

/** The grant's post-login claims for one access token, read once however many hooks ask (its save, then extraTokenClaims). */
const claimsByToken = new WeakMap<object, Promise<TokenClaims | undefined>>();
function claimsOfToken(token: AccessTokenLike): Promise<TokenClaims | undefined> {
  let claims = claimsByToken.get(token);
  if (!claims) claimsByToken.set(token, (claims = grantClaims(token.grantId)));
  return claims;
}

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
 * endpoint's `scope` agree.
 */
export function installPostLoginAccessTokenScopes(provider: Provider): void {
  const AccessToken = provider.AccessToken as unknown as { prototype: { save(this: AccessTokenLike): Promise<string> } };
  const save = AccessToken.prototype.save;
  AccessToken.prototype.save = async function saveWithPostLoginScopes(this: AccessTokenLike) {
    const claims = await claimsOfToken(this);
    if (claims?.scopes) this.scope = withPostLoginScopes(this.scope, claims.scopes);
    return save.call(this);
  };
}

/** `extraTokenClaims`: an access token carries the grant's `accessToken.setCustomClaim` claims. */
export async function postLoginAccessTokenClaims(_ctx: KoaContextWithOIDC, token: AccessTokenLike): Promise<Record<string, unknown> | undefined> {
  if (token.kind && token.kind !== "AccessToken") return undefined;
  const claims = await claimsOfToken(token);
  if (!claims) return undefined;
  return Object.fromEntries(Object.entries(claims.accessToken).filter(([name]) => !isProtectedClaim(name, "access_token")));
}
