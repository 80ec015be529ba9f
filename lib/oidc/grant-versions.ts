import { createAdapterClass } from "./adapter";

// A row beside each grant: the user's session version when the grant was made or last confirmed.
// A password change, a block (and a deletion) moves the version, which ends every code, access
// token and refresh token of older grants at once. A counter, not a time: token times are whole
// seconds, so a sign-in in the same second as a password change could not be ordered.
const MODEL = "RekeyGrantVersion";
const store = () => new (createAdapterClass(async () => undefined))(MODEL);

/**
 * The versions read or written here, by grant. A grant's version is written when the grant is
 * made and never changes after (a grant of an older version is not reused: the provider makes a
 * new one), so an entry cannot go stale; a revoked grant still fails, its tokens and grant row are
 * gone, and a user's version is read fresh every time. Bounded: the oldest entries go first.
 */
const versions = new Map<string, number>();
const MAX_CACHED_VERSIONS = 10_000;

function remember(grantId: string, sessionVersion: number): void {
  versions.delete(grantId);
  versions.set(grantId, sessionVersion);
  if (versions.size > MAX_CACHED_VERSIONS) versions.delete(versions.keys().next().value!);
}

export async function recordGrantSessionVersion(grantId: string, sessionVersion: number, expiresInSeconds: number): Promise<void> {
  await store().upsert(grantId, { grantId, sv: sessionVersion } as never, expiresInSeconds);
  remember(grantId, sessionVersion);
}

/** The version recorded for a grant, or undefined (no record: treated as revoked). */
export async function grantSessionVersion(grantId: string): Promise<number | undefined> {
  const known = versions.get(grantId);
  if (known !== undefined) return known;
  const row = (await store().find(grantId)) as { sv?: unknown } | undefined;
  if (typeof row?.sv !== "number") return undefined;
  remember(grantId, row.sv);
  return row.sv;
}
