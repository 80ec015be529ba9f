import { createAdapterClass } from "./adapter";

// A row beside each grant: the user's session version when the grant was made or last confirmed.
// A password change, a block (and a deletion) moves the version, which ends every code, access
// token and refresh token of older grants at once. A counter, not a time: token times are whole
// seconds, so a sign-in in the same second as a password change could not be ordered.
const MODEL = "RekeyGrantVersion";
const store = () => new (createAdapterClass(async () => undefined))(MODEL);

export async function recordGrantSessionVersion(grantId: string, sessionVersion: number, expiresInSeconds: number): Promise<void> {
  await store().upsert(grantId, { grantId, sv: sessionVersion } as never, expiresInSeconds);
}

/** The version recorded for a grant, or undefined (no record: treated as revoked). */
export async function grantSessionVersion(grantId: string): Promise<number | undefined> {
  const row = (await store().find(grantId)) as { sv?: unknown } | undefined;
  return typeof row?.sv === "number" ? row.sv : undefined;
}
