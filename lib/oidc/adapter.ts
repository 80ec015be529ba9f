import type { Adapter, AdapterPayload } from "oidc-provider";
import { prisma, type Prisma } from "@/lib/db";
import { forgetStored, isUnchangedWrite, rememberStored } from "./unchanged-writes";

/** Serves the provider's Client model from our own tables (applications) instead of the generic one. */
export type ClientSource = (clientId: string) => Promise<AdapterPayload | undefined>;

/**
 * A row kept under a grant's id in a model of our own, read in the same statement as the grant
 * when `wanted()` says the request will need it, and handed to `found` (undefined: no such row).
 */
export type GrantCompanion = { model: string; wanted(): boolean; found(grantId: string, payload: unknown): void };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * oidc-provider's storage contract over one generic table (`oidc_payloads`), keyed by
 * (model, id). Rows are written whole (upsert, one statement) and read whole; expired rows are
 * hidden at once and deleted later by the sweep job. A save that would only move a row's expiry a
 * little is skipped (unchanged-writes.ts). `Client` is answered by `clientSource` instead.
 */
export function createAdapterClass(clientSource: ClientSource, grantCompanion?: GrantCompanion) {
  return class PrismaOidcAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const db = await prisma();
      if (this.model === "Session" && isEmptySession(payload)) {
        // Nothing to keep: the provider treats a missing row exactly as an empty session.
        await db.oidcPayload.deleteMany({ where: { model: this.model, id } });
        forgetStored(db, this.model, id);
        return;
      }
      if (isUnchangedWrite(db, this.model, id, payload)) return;
      const data = {
        payload: payload as Prisma.InputJsonValue,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        accountId: typeof payload.accountId === "string" ? payload.accountId : null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await db.oidcPayload.upsert({ where: { model_id: { model: this.model, id } }, create: { model: this.model, id, ...data }, update: data });
      rememberStored(db, this.model, id, payload);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === "Client") return clientSource(id);
      if (!storable(id)) return undefined;
      if (this.model === "Grant" && grantCompanion?.wanted()) return this.findGrantWith(grantCompanion, id);
      return this.findWhere({ model: this.model, id });
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (!storable(uid)) return undefined;
      return this.findWhere({ model: this.model, uid });
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (!storable(userCode)) return undefined;
      return this.findWhere({ model: this.model, userCode });
    }

    /**
     * Spends a code or a rotated refresh token, once: the provider checks `consumed` on the row it
     * read and then calls this, so two instances (or two requests) exchanging the same value at the
     * same moment would both pass its check. The update is conditional; the one that loses is a
     * replay, and every token of the grant ends, as the provider does with a reuse it sees.
     */
    async consume(id: string): Promise<void> {
      if (!storable(id)) return;
      const db = await prisma();
      const { count } = await db.oidcPayload.updateMany({ where: { model: this.model, id, consumedAt: null }, data: { consumedAt: new Date() } });
      if (count === 1) return;
      const row = await db.oidcPayload.findUnique({ where: { model_id: { model: this.model, id } }, select: { grantId: true } });
      if (row?.grantId) await this.revokeByGrantId(row.grantId);
      // Loaded here, on a replay only: this module is loaded at start-up (the sweep), before the provider.
      const { errors } = await import("oidc-provider");
      throw new errors.InvalidGrant(`${this.model === "AuthorizationCode" ? "authorization code" : "token"} already used`);
    }

    async destroy(id: string): Promise<void> {
      if (!storable(id)) return;
      const db = await prisma();
      await db.oidcPayload.deleteMany({ where: { model: this.model, id } });
      forgetStored(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (!storable(grantId)) return;
      const db = await prisma();
      // Every model of the grant at once (codes, access and refresh tokens), not only this one.
      await db.oidcPayload.deleteMany({ where: { grantId } });
    }

    private async findWhere(where: Prisma.OidcPayloadWhereInput): Promise<AdapterPayload | undefined> {
      const db = await prisma();
      const row = await db.oidcPayload.findFirst({ where: { ...where, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
      return row ? this.payloadOf(db, row) : undefined;
    }

    /** The grant and its companion row, one statement. */
    private async findGrantWith(companion: GrantCompanion, id: string): Promise<AdapterPayload | undefined> {
      const db = await prisma();
      const rows = await db.oidcPayload.findMany({ where: { id, model: { in: [this.model, companion.model] }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
      companion.found(id, rows.find((r) => r.model === companion.model)?.payload);
      const row = rows.find((r) => r.model === this.model);
      return row ? this.payloadOf(db, row) : undefined;
    }

    private payloadOf(db: object, row: { id: string; payload: Prisma.JsonValue; consumedAt: Date | null }): AdapterPayload {
      const payload = row.payload as AdapterPayload;
      rememberStored(db, this.model, row.id, payload);
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) || nowSeconds() } : payload;
    }
  };
}

/**
 * Whether a value a client sent can name a row: the provider looks tokens up by the value the
 * client presents (`access_token=%00` at /userinfo, `token=` at /oauth/revoke), and PostgreSQL
 * refuses a NUL in text, which answered 500 (found by the production storm). No id the provider
 * makes holds one, so such a value names nothing.
 */
function storable(value: string): boolean {
  return !value.includes("\u0000");
}

/**
 * A provider session with no account, no pending logout and no application in it. oidc-provider
 * saves one at the end of every request whose signed session cookie names a row that is gone (a
 * signed-out or expired session), refused requests included, under a new id each time (seen in
 * the production storm: POST /oidc/logout/confirm with a forged xsrf wrote a row per request).
 */
function isEmptySession(payload: AdapterPayload): boolean {
  const authorizations = payload.authorizations as Record<string, unknown> | undefined;
  return !payload.accountId && !payload.state && (!authorizations || Object.keys(authorizations).length === 0);
}

/** Deletes rows that expired before `before`; the provider never reads them again. Returns how many. */
export async function sweepExpiredOidcRows(before = new Date()): Promise<number> {
  const db = await prisma();
  const { count } = await db.oidcPayload.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
