import type { AdapterPayload } from "oidc-provider";
import { GRANT_SECONDS, SESSION_SECONDS } from "./settings";

/**
 * How far a row's stored expiry may lag behind the one a save would give it, by model, before a
 * save that changes nothing else writes it again. oidc-provider saves its session at the end of
 * every request and a consent saves the grant again, each only moving the expiry forward: one
 * statement per request for nothing. The lag is small against the lifetime, and the provider's
 * session never outlives the Rekey session that gates it anyway (loginPolicy).
 * Only models whose rows are read before they are saved again are listed.
 */
export const EXPIRY_SLACK_SECONDS: Readonly<Record<string, number>> = {
  /** @default 15 minutes of an 8-hour session */
  Session: Math.min(15 * 60, SESSION_SECONDS / 8),
  /** @default 1 day of a 365-day grant */
  Grant: Math.min(24 * 60 * 60, GRANT_SECONDS / 100),
  /** @default 1 day, as the grant it belongs to (both are saved together) */
  RekeyGrantVersion: Math.min(24 * 60 * 60, GRANT_SECONDS / 100),
};

type Stored = { body: string; exp: number };

/**
 * What this process last read or wrote, by database (tests switch databases, and reuse ids), then
 * by model and id. Bounded: the oldest entries go first.
 */
const storedByDatabase = new WeakMap<object, Map<string, Stored>>();
const MAX_REMEMBERED = 10_000;

function storedIn(database: object): Map<string, Stored> {
  let stored = storedByDatabase.get(database);
  if (!stored) storedByDatabase.set(database, (stored = new Map()));
  return stored;
}

/** JSON with sorted keys: JSONB gives keys back in its own order, the provider in insertion order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function snapshot(payload: AdapterPayload): Stored | undefined {
  const { exp, ...rest } = payload;
  return typeof exp === "number" ? { body: canonical(rest), exp } : undefined;
}

/** Notes the row as it is stored now (read, or just written). A snapshot: the provider mutates the objects it gets. */
export function rememberStored(database: object, model: string, id: string, payload: AdapterPayload): void {
  if (!(model in EXPIRY_SLACK_SECONDS)) return;
  const stored = storedIn(database);
  const key = `${model}\u0000${id}`;
  const seen = snapshot(payload);
  stored.delete(key);
  if (!seen) return;
  stored.set(key, seen);
  if (stored.size > MAX_REMEMBERED) stored.delete(stored.keys().next().value!);
}

export function forgetStored(database: object, model: string, id: string): void {
  storedByDatabase.get(database)?.delete(`${model}\u0000${id}`);
}

/**
 * Whether saving `payload` would change nothing but move the expiry by less than the model's
 * slack, as far as this process saw the row. Skipping such a write never brings back a row that
 * another instance deleted meanwhile (a revocation, a password change): saving it would have.
 * Nothing here answers a read: every check still reads the database.
 */
export function isUnchangedWrite(database: object, model: string, id: string, payload: AdapterPayload): boolean {
  const slack = EXPIRY_SLACK_SECONDS[model];
  const known = slack === undefined ? undefined : storedByDatabase.get(database)?.get(`${model}\u0000${id}`);
  const next = snapshot(payload);
  if (!known || !next) return false;
  return next.body === known.body && next.exp >= known.exp && next.exp - known.exp < slack!;
}
