import type { Account, AccountClaims, FindAccount, KoaContextWithOIDC } from "oidc-provider";
import { discoverActions } from "@/lib/actions";
import { auth0UserId, findUserById, findUserRowById, parseUserId } from "@/lib/users";
import { grantSessionVersion } from "./grant-versions";
import { runPostLoginOnRefresh, type RefreshTokenLike } from "./post-login-refresh";
import { rekeySessionForRequest } from "./rekey-session";

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserRowById>>>;

const usersByRequest = new WeakMap<object, Map<string, Promise<UserRow | null>>>();

/**
 * The user's row, read once per provider request: the provider asks for the account and then for
 * its existing grant (loadExistingGrant) in one request, each wanting the same row.
 */
export function findUserForRequest(ctx: object | undefined, id: string): Promise<UserRow | null> {
  if (!ctx) return findUserRowById(id);
  let users = usersByRequest.get(ctx);
  if (!users) usersByRequest.set(ctx, (users = new Map()));
  let user = users.get(id);
  if (!user) users.set(id, (user = findUserRowById(id)));
  return user;
}

/** Auth0's standard claims of a database-connection user, by scope. */
function claimsOf(user: UserRow | undefined, sub: string): AccountClaims {
  if (!user) return { sub };
  return {
    sub: auth0UserId(user.id),
    name: user.name ?? user.email ?? user.username ?? undefined,
    nickname: user.nickname ?? user.email?.split("@")[0] ?? user.username ?? undefined,
    given_name: user.givenName ?? undefined,
    family_name: user.familyName ?? undefined,
    picture: user.picture ?? undefined,
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    email: user.email ?? undefined,
    email_verified: user.email ? user.emailVerified : undefined,
  };
}

/**
 * The provider's account lookup. With a token (authorization code, access or refresh token) the
 * token's grant must carry the user's current session version: a password change, a block or a
 * deletion since then makes every such token worthless, in every application.
 */
export const findAccount: FindAccount = async (ctx, sub, token): Promise<Account | undefined> => {
  const id = parseUserId(sub);
  if (!id || sub !== auth0UserId(id)) return undefined;
  // Without a token (the authorization endpoint): a live Rekey session of this very account proves
  // in the one query the login check makes anyway that the user exists, is not blocked and is at
  // this session version. The row is read only if claims are asked for (never for response_type=code).
  if (!token && ctx?.req && (await rekeySessionForRequest(ctx))?.accountId === sub) {
    return { accountId: sub, claims: async () => claimsOf((await findUserForRequest(ctx, id)) ?? undefined, sub) };
  }
  const user = await findUserForRequest(ctx, id);
  if (!user || user.blocked) return undefined;
  const grantId = token && "grantId" in token ? (token.grantId as string | undefined) : undefined;
  if (token && (!grantId || (await grantSessionVersion(grantId)) !== user.sessionVersion)) return undefined;
  // A refresh-token exchange runs the post-login Actions, before the token is rotated (Auth0 does).
  if (token?.kind === "RefreshToken" && ctx?.oidc?.route === "token" && (await discoverActions("post-login")).length > 0) {
    const withConnection = await findUserById(id);
    if (!withConnection) return undefined;
    await runPostLoginOnRefresh(ctx, withConnection, token as RefreshTokenLike);
  }
  return { accountId: sub, claims: () => claimsOf(user, sub) };
};

/**
 * The account's current session version, for the check that its grant is not older than the last
 * password change, block or deletion: the Rekey session's when it is this account's (checked live
 * in this request), else the user's row. Undefined: no such user.
 */
export async function accountSessionVersion(ctx: KoaContextWithOIDC, accountId: string): Promise<number | undefined> {
  const rekey = await rekeySessionForRequest(ctx);
  if (rekey?.accountId === accountId) return rekey.sessionVersion;
  const userId = parseUserId(accountId);
  const user = userId ? await findUserForRequest(ctx, userId) : null;
  return user?.sessionVersion;
}
