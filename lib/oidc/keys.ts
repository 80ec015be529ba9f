import crypto from "node:crypto";
import { importJWK, SignJWT, type JWTPayload } from "jose";
import { prisma } from "@/lib/db";
import { openWith, sealWith } from "@/lib/security";

/** The signing algorithms Rekey offers; RS256 is every application's default. */
export const SIGNING_ALGS = ["RS256", "ES256", "EdDSA"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** next: published, not yet signing · active: signs · retired: published so older tokens still verify. */
export type SigningKeyStatus = "next" | "active" | "retired";

const SEAL_PURPOSE = "rekey signing keys v1";
// The provider signs with the first key of an algorithm in its keystore, so the order matters.
const STATUS_ORDER: Record<string, number> = { active: 0, next: 1, retired: 2 };

export type PrivateJwk = crypto.JsonWebKey & { kid: string; alg: SigningAlg; use: "sig" };

function generateJwk(alg: SigningAlg): PrivateJwk {
  const { privateKey } =
    alg === "RS256"
      ? crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
      : alg === "ES256"
        ? crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })
        : crypto.generateKeyPairSync("ed25519");
  return { ...privateKey.export({ format: "jwk" }), kid: crypto.randomBytes(16).toString("base64url"), alg, use: "sig" };
}

async function insertKey(alg: SigningAlg, status: SigningKeyStatus): Promise<string> {
  const jwk = generateJwk(alg);
  const db = await prisma();
  await db.signingKey.create({
    data: { id: jwk.kid, alg, status, sealedJwk: sealWith(SEAL_PURPOSE, JSON.stringify(jwk), jwk.kid), promotedAt: status === "active" ? new Date() : null },
  });
  signingKeysChanged();
  return jwk.kid;
}

/** On every start: an active key for each algorithm that has none (the first start generates all three). */
export async function ensureSigningKeys(): Promise<{ generated: SigningAlg[] }> {
  const db = await prisma();
  const active = new Set((await db.signingKey.findMany({ where: { status: "active" }, select: { alg: true } })).map((k) => k.alg));
  const generated = SIGNING_ALGS.filter((alg) => !active.has(alg));
  for (const alg of generated) await insertKey(alg, "active");
  return { generated };
}

/** The private keys the provider loads at construction: active first, then next, then retired. */
export async function loadSigningJwks(): Promise<PrivateJwk[]> {
  const db = await prisma();
  const rows = await db.signingKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  rows.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || (b.promotedAt?.getTime() ?? 0) - (a.promotedAt?.getTime() ?? 0));
  return rows.map((row) => JSON.parse(openWith(SEAL_PURPOSE, row.sealedJwk, row.id)) as PrivateJwk);
}

/**
 * @default 2 seconds: how long a key promoted by another process (`npm run keys -- rotate`, another
 * instance on the same PostgreSQL) may go unused here. A rotation made in this process is seen at once.
 */
export const SIGNING_KEYS_CACHE_MS = 2000;

// Bumped after every key write in this process; a cached read from before it no longer serves.
let signingKeysChangeCount = 0;
function signingKeysChanged(): void {
  signingKeysChangeCount++;
}

type CachedKeys = { jwks: PrivateJwk[]; changeCount: number; readAtMs: number };
/** Per database (tests switch databases). */
const cachedKeys = new WeakMap<object, CachedKeys>();

/**
 * loadSigningJwks with a short memory, as cachedClientMetadata keeps clients: each machine-to-machine
 * token used to read and unseal every key. Signing with the former key for SIGNING_KEYS_CACHE_MS after
 * another process promoted a new one is safe: a retired key stays published, so its tokens verify.
 */
async function cachedSigningJwks(): Promise<PrivateJwk[]> {
  const db = await prisma();
  const now = Date.now();
  const hit = cachedKeys.get(db);
  if (hit && hit.changeCount === signingKeysChangeCount && now - hit.readAtMs < SIGNING_KEYS_CACHE_MS) return hit.jwks;
  // Counted before the read: a rotation while it runs leaves this entry already outdated.
  const changeCount = signingKeysChangeCount;
  const jwks = await loadSigningJwks();
  cachedKeys.set(db, { jwks, changeCount, readAtMs: now });
  return jwks;
}

const importedKeys = new Map<string, Awaited<ReturnType<typeof importJWK>>>();

/**
 * Signs `payload` as a JWT with the tenant's current key of `alg`, the first one in the provider's
 * order (its kid is in the JWKS), for the tokens Rekey issues beside the provider: access tokens of
 * the client-credentials grant for an API, back-channel logout tokens. The keys come from a short
 * cache (cachedSigningJwks): a key promoted in this process signs from the next token on, one
 * promoted elsewhere within SIGNING_KEYS_CACHE_MS (it was published a rolling restart earlier).
 */
export async function signWithTenantKey(payload: JWTPayload, alg: SigningAlg, typ = "JWT"): Promise<string> {
  const jwk = (await cachedSigningJwks()).find((k) => k.alg === alg);
  if (!jwk) throw new Error(`No signing key for ${alg}: start the server once to generate the keys.`);
  let key = importedKeys.get(jwk.kid);
  if (!key) {
    key = await importJWK(jwk as never, alg);
    importedKeys.set(jwk.kid, key);
  }
  return new SignJWT(payload).setProtectedHeader({ alg, typ, kid: jwk.kid }).sign(key);
}

export type KeySummary = { kid: string; alg: string; status: string; createdAt: Date };

export async function listSigningKeys(): Promise<KeySummary[]> {
  const db = await prisma();
  const rows = await db.signingKey.findMany({ orderBy: [{ alg: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ kid: r.id, alg: r.alg, status: r.status, createdAt: r.createdAt }));
}

export type RotationStep = { step: "published"; kids: string[] } | { step: "promoted"; kids: string[] };

/**
 * One step of a key rotation, for a rolling restart: each instance's keystore is fixed when it
 * starts. Step 1 publishes a `next` key per algorithm (every instance must serve it in its JWKS
 * before any instance signs with it); after every instance restarted, step 2 makes the next keys
 * active and the active ones retired (still published, so tokens signed before keep verifying).
 */
export async function rotateSigningKeys(): Promise<RotationStep> {
  const db = await prisma();
  const next = await db.signingKey.findMany({ where: { status: "next" } });
  if (next.length === 0) {
    const kids: string[] = [];
    for (const alg of SIGNING_ALGS) kids.push(await insertKey(alg, "next"));
    return { step: "published", kids };
  }
  const now = new Date();
  await db.$transaction([
    db.signingKey.updateMany({ where: { status: "active", alg: { in: next.map((k) => k.alg) } }, data: { status: "retired", retiredAt: now } }),
    db.signingKey.updateMany({ where: { status: "next" }, data: { status: "active", promotedAt: now } }),
  ]);
  signingKeysChanged();
  return { step: "promoted", kids: next.map((k) => k.id) };
}
