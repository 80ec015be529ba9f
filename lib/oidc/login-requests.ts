import { createAdapterClass } from "./adapter";

// When a fresh sign-in was asked for an interaction (prompt=login, max_age), in milliseconds,
// kept server-side beside the interaction and expiring with it.
const store = () => new (createAdapterClass(async () => undefined))("RekeyLoginRequest");

export async function recordLoginRequest(uid: string, atMs: number, expiresInSeconds: number): Promise<void> {
  await store().upsert(uid, { at: atMs } as never, expiresInSeconds);
}

export async function loginRequestedAt(uid: string): Promise<number | undefined> {
  const row = (await store().find(uid)) as { at?: unknown } | undefined;
  return typeof row?.at === "number" ? row.at : undefined;
}
