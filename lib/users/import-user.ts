import type { Prisma } from "@/lib/db";
import { enrollImportedFactors, type ImportedFactor } from "@/lib/factors";
import { isForeignHash } from "@/lib/passwords";
import { randomHex } from "@/lib/security";
import { normalizeEmail, normalizeUsername } from "./normalize";

/** A validated user from an import file (lib/import), with its password hash in stored form. */
export type ImportedUserInput = {
  email: string;
  email_verified: boolean;
  user_id?: string;
  username?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked: boolean;
  phone_number?: string;
  phone_verified: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  storedHash: string | null;
  mfa_factors?: ImportedFactor[];
};

export type ImportWriteOutcome = { result: "inserted" | "updated"; userId: string } | { result: "refused"; code: string; message: string; path: string };

/**
 * Writes one imported user in the caller's transaction (the import commits it with its
 * checkpoint). An existing user (same email or user_id in the connection) is refused unless
 * `upsert`; an upsert never replaces a password the user already set here (argon2id), only a hash
 * that is still foreign, so re-running an import cannot undo a sign-in's upgrade or a reset.
 */
export async function writeImportedUser(tx: Prisma.TransactionClient, connectionId: string, input: ImportedUserInput, upsert: boolean): Promise<ImportWriteOutcome> {
  const { email, username, id } = keysOf(input);
  const existing = await tx.user.findFirst({
    where: { connectionId, OR: [{ email }, ...(id ? [{ id }] : [])] },
    select: { id: true, email: true, username: true, passwordHash: true, passwordVersion: true },
  });
  const usernameTaken = username
    ? (await tx.user.findFirst({ where: { connectionId, username, ...(existing ? { NOT: { id: existing.id } } : {}) }, select: { id: true } })) !== null
    : false;
  const decision = decide(connectionId, input, existing, usernameTaken, upsert);
  if (decision.kind === "refused") return decision.outcome;
  if (decision.kind === "update") {
    await tx.user.update({ where: { id: decision.userId }, data: decision.data });
    return { result: "updated", userId: decision.userId };
  }
  await tx.user.create({ data: decision.data });
  if (input.mfa_factors?.length) await enrollImportedFactors(tx, decision.userId, input.mfa_factors);
  return { result: "inserted", userId: decision.userId };
}

/**
 * `writeImportedUser` for a batch of users, in the caller's transaction, with the same outcome per
 * user in a few queries instead of two or three per user: one lookup of the batch's emails and
 * user_ids, one of its usernames, one INSERT of the new users. A user that shares an email, id or
 * username with a user written earlier in the same batch (a file that repeats a user) is written
 * alone after the earlier ones, so it sees them as the one-by-one path would.
 */
export async function writeImportedUsers(tx: Prisma.TransactionClient, connectionId: string, inputs: readonly ImportedUserInput[], upsert: boolean): Promise<ImportWriteOutcome[]> {
  const keyed = inputs.map((input) => ({ input, ...keysOf(input) }));
  const emails = [...new Set(keyed.map((k) => k.email))];
  const ids = [...new Set(keyed.flatMap((k) => (k.id ? [k.id] : [])))];
  const usernames = [...new Set(keyed.flatMap((k) => (k.username ? [k.username] : [])))];
  const found = await tx.user.findMany({
    where: { connectionId, OR: [{ email: { in: emails } }, ...(ids.length ? [{ id: { in: ids } }] : [])] },
    select: { id: true, email: true, username: true, passwordHash: true, passwordVersion: true },
  });
  const byEmail = new Map(found.flatMap((u) => (u.email ? [[u.email, u] as const] : [])));
  const byId = new Map(found.map((u) => [u.id, u] as const));
  const owners = usernames.length ? await tx.user.findMany({ where: { connectionId, username: { in: usernames } }, select: { id: true, username: true } }) : [];
  const ownerOf = new Map(owners.map((u) => [u.username!, u.id] as const));

  // Keys of the rows this batch wrote (before and after): a later user touching one is written alone.
  const touched = new Set<string>();
  const touch = (email: string | null, id: string, username: string | null | undefined) => {
    if (email) touched.add(`e:${email}`);
    touched.add(`i:${id}`);
    if (username) touched.add(`u:${username}`);
  };
  let inserts: Prisma.UserCreateManyInput[] = [];
  let factors: { userId: string; factors: ImportedFactor[] }[] = [];
  const flush = async () => {
    if (inserts.length) await tx.user.createMany({ data: inserts });
    for (const f of factors) await enrollImportedFactors(tx, f.userId, f.factors);
    inserts = [];
    factors = [];
  };

  const outcomes: ImportWriteOutcome[] = [];
  for (const { input, email, id, username } of keyed) {
    if (touched.has(`e:${email}`) || (id && touched.has(`i:${id}`)) || (username && touched.has(`u:${username}`))) {
      await flush();
      const outcome = await writeImportedUser(tx, connectionId, input, upsert);
      if (outcome.result !== "refused") touch(email, outcome.userId, username);
      outcomes.push(outcome);
      continue;
    }
    const existing = byEmail.get(email) ?? (id ? byId.get(id) : undefined) ?? null;
    const owner = username ? ownerOf.get(username) : undefined;
    const decision = decide(connectionId, input, existing, owner !== undefined && owner !== existing?.id, upsert);
    if (decision.kind === "refused") {
      outcomes.push(decision.outcome);
      continue;
    }
    if (decision.kind === "update") {
      await tx.user.update({ where: { id: decision.userId }, data: decision.data });
      touch(existing!.email, existing!.id, existing!.username);
      outcomes.push({ result: "updated", userId: decision.userId });
    } else {
      inserts.push(decision.data);
      if (input.mfa_factors?.length) factors.push({ userId: decision.userId, factors: input.mfa_factors });
      outcomes.push({ result: "inserted", userId: decision.userId });
    }
    touch(email, decision.userId, username);
  }
  await flush();
  return outcomes;
}

function keysOf(input: ImportedUserInput) {
  return { email: normalizeEmail(input.email), username: input.username ? normalizeUsername(input.username) : undefined, id: input.user_id?.replace(/^auth0\|/, "") };
}

type ExistingUser = { id: string; email: string | null; username: string | null; passwordHash: string | null; passwordVersion: number };

type Decision =
  | { kind: "refused"; outcome: Extract<ImportWriteOutcome, { result: "refused" }> }
  | { kind: "update"; userId: string; data: Prisma.UserUpdateInput }
  | { kind: "insert"; userId: string; data: Prisma.UserCreateManyInput };

/** What to do with one imported user, given the user it matches (same email or user_id) if any. */
function decide(connectionId: string, input: ImportedUserInput, existing: ExistingUser | null, usernameTaken: boolean, upsert: boolean): Decision {
  const { email, username, id } = keysOf(input);
  const refused = (message: string, path: string): Decision => ({ kind: "refused", outcome: { result: "refused", code: "DUPLICATED_USER", message, path } });
  if (existing && id && existing.id !== id) return refused("The email belongs to a user with another user_id.", "user_id");
  if (usernameTaken) return refused("The username is already taken.", "username");
  const profile = {
    email,
    emailVerified: input.email_verified,
    ...(username ? { username } : {}),
    name: input.name,
    givenName: input.given_name,
    familyName: input.family_name,
    nickname: input.nickname,
    picture: input.picture,
    phoneNumber: input.phone_number,
    phoneVerified: input.phone_verified,
    blocked: input.blocked,
    ...(input.app_metadata ? { appMetadata: input.app_metadata as Prisma.InputJsonValue } : {}),
    ...(input.user_metadata ? { userMetadata: input.user_metadata as Prisma.InputJsonValue } : {}),
  };
  if (existing) {
    if (!upsert) return refused("The user already exists.", "email");
    const replaceHash = input.storedHash !== null && (existing.passwordHash === null || isForeignHash(existing.passwordHash));
    return { kind: "update", userId: existing.id, data: { ...profile, ...(replaceHash ? { passwordHash: input.storedHash, passwordVersion: existing.passwordVersion + 1 } : {}) } };
  }
  const userId = id ?? randomHex(12);
  return { kind: "insert", userId, data: { id: userId, connectionId, ...profile, passwordHash: input.storedHash, passwordVersion: input.storedHash ? 1 : 0 } };
}
