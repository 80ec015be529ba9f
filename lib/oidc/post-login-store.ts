import { prisma, type Prisma } from "@/lib/db";
import { setPostLoginContinueBridge } from "@/lib/oidc-bridge";
import { hashToken } from "@/lib/security";
import type { PostLoginChanges, PostLoginProgress } from "@/lib/actions";

// Post-login state kept in the provider's generic table (oidc_payloads) under models of our own:
// the claims a grant's tokens carry (deleted with the grant by revokeByGrantId, expired rows by
// the sweep), and a sign-in suspended by an Action's redirect.
export const CLAIMS_MODEL = "RekeyPostLoginClaims";
const REDIRECT_MODEL = "RekeyPostLoginRedirect";

/** `scopes`: `accessToken.addScope` / `removeScope`, applied to the access token's scope (absent when neither was called). */
export type TokenClaims = { idToken: Record<string, unknown>; accessToken: Record<string, unknown>; scopes?: { added: string[]; removed: string[] } };

/**
 * The custom claims the last post-login run of this grant asked for. `keptBefore: false`: the grant
 * was made in this sign-in, so no earlier run kept claims for it and no claims means no statement.
 */
export async function saveGrantClaims(grantId: string, changes: PostLoginChanges, ttlSeconds: number, { keptBefore = true } = {}): Promise<void> {
  const scopesChanged = changes.scopesAdded.length > 0 || changes.scopesRemoved.length > 0;
  const none = Object.keys(changes.idTokenClaims).length === 0 && Object.keys(changes.accessTokenClaims).length === 0 && !scopesChanged;
  if (none && !keptBefore) return;
  const db = await prisma();
  // No claims (the common case): one statement clears what an earlier run of this grant set.
  if (none) {
    await db.oidcPayload.deleteMany({ where: { model: CLAIMS_MODEL, id: grantId } });
    return;
  }
  const claims: TokenClaims = { idToken: changes.idTokenClaims, accessToken: changes.accessTokenClaims, ...(scopesChanged ? { scopes: { added: changes.scopesAdded, removed: changes.scopesRemoved } } : {}) };
  const payload = claims as Prisma.InputJsonValue;
  const data = { payload, grantId, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  await db.oidcPayload.upsert({ where: { model_id: { model: CLAIMS_MODEL, id: grantId } }, create: { model: CLAIMS_MODEL, id: grantId, ...data }, update: data });
}

export async function grantClaims(grantId: string | undefined): Promise<TokenClaims | undefined> {
  if (!grantId) return undefined;
  const db = await prisma();
  const row = await db.oidcPayload.findFirst({ where: { model: CLAIMS_MODEL, id: grantId, expiresAt: { gt: new Date() } }, select: { payload: true } });
  return row ? (row.payload as TokenClaims) : undefined;
}

/** A sign-in suspended by `api.redirect.sendUserTo`, waiting for `/continue`. */
export type Suspension = {
  action: string;
  progress: PostLoginProgress;
  /** The `/continue` request's parameters, once it came. */
  continued?: { query: Record<string, unknown>; body: Record<string, unknown> };
  /**
   * A sign-in waiting for the factor step an Action asked for (no `/continue`: the step's own
   * pending sign-in proves it). `multifactor`: the deferred `multifactor.enable`, after every Action.
   */
  factor?: { pendingSignInId: string; startedAtMs: number; multifactor: boolean; rememberBrowser: boolean };
};

/** Keeps the suspension under the hash of its `state`, bound to the interaction `uid`. */
export async function suspend(uid: string, state: string, suspension: Suspension, ttlSeconds: number): Promise<void> {
  const db = await prisma();
  await db.oidcPayload.deleteMany({ where: { model: REDIRECT_MODEL, uid } });
  await db.oidcPayload.create({
    data: { model: REDIRECT_MODEL, id: hashToken(state), uid, payload: suspension as unknown as Prisma.InputJsonValue, expiresAt: new Date(Date.now() + ttlSeconds * 1000) },
  });
}

/**
 * `/continue` with a post-login `state`: records the request's parameters on the suspension, once
 * (a second use of the state finds it continued and is refused), and returns the interaction to
 * go back to; null when the state is not a post-login one.
 */
export async function markContinued(state: string, params: { query: Record<string, unknown>; body: Record<string, unknown> }): Promise<string | null> {
  const db = await prisma();
  const row = await db.oidcPayload.findFirst({ where: { model: REDIRECT_MODEL, id: hashToken(state), expiresAt: { gt: new Date() } } });
  if (!row?.uid) return null;
  const suspension = row.payload as unknown as Suspension;
  if (suspension.continued) return null;
  const updated = await db.oidcPayload.updateMany({
    where: { model: REDIRECT_MODEL, id: row.id, consumedAt: null },
    data: { consumedAt: new Date(), payload: { ...suspension, continued: params } as unknown as Prisma.InputJsonValue },
  });
  return updated.count === 1 ? row.uid : null;
}

/**
 * The suspension of this interaction. A redirect's is removed as it is read (it resumes exactly
 * once); a factor step's is returned as it is, and removed by `dropSuspension` once the step passed.
 */
export async function takeSuspension(uid: string): Promise<Suspension | "waiting" | undefined> {
  const db = await prisma();
  const row = await db.oidcPayload.findFirst({ where: { model: REDIRECT_MODEL, uid, expiresAt: { gt: new Date() } } });
  if (!row) return undefined;
  const suspension = row.payload as unknown as Suspension;
  if (suspension.factor) return suspension;
  if (!suspension.continued) return "waiting";
  const taken = await db.oidcPayload.deleteMany({ where: { model: REDIRECT_MODEL, id: row.id, uid } });
  return taken.count === 1 ? suspension : undefined;
}

/** Removes this interaction's suspension; resolves whether this call removed it (one request resumes). */
export async function dropSuspension(uid: string): Promise<boolean> {
  const db = await prisma();
  return (await db.oidcPayload.deleteMany({ where: { model: REDIRECT_MODEL, uid } })).count > 0;
}

/** Lets `/continue` (a Next route) resume a post-login redirect without importing the provider. */
export function registerPostLoginContinue(): void {
  setPostLoginContinueBridge({
    async continueSignIn(state, params) {
      const uid = await markContinued(state, params);
      return uid ? `/interaction/${uid}` : null;
    },
  });
}
