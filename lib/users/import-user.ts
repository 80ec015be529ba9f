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
  const email = normalizeEmail(input.email);
  const username = input.username ? normalizeUsername(input.username) : undefined;
  const id = input.user_id?.replace(/^auth0\|/, "");
  const existing = await tx.user.findFirst({
    where: { connectionId, OR: [{ email }, ...(id ? [{ id }] : [])] },
    select: { id: true, email: true, passwordHash: true, passwordVersion: true },
  });
  if (existing && id && existing.id !== id) {
    return { result: "refused", code: "DUPLICATED_USER", message: "The email belongs to a user with another user_id.", path: "user_id" };
  }
  if (username) {
    const owner = await tx.user.findFirst({ where: { connectionId, username, ...(existing ? { NOT: { id: existing.id } } : {}) }, select: { id: true } });
    if (owner) return { result: "refused", code: "DUPLICATED_USER", message: "The username is already taken.", path: "username" };
  }
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
    if (!upsert) return { result: "refused", code: "DUPLICATED_USER", message: "The user already exists.", path: "email" };
    const replaceHash = input.storedHash !== null && (existing.passwordHash === null || isForeignHash(existing.passwordHash));
    await tx.user.update({
      where: { id: existing.id },
      data: { ...profile, ...(replaceHash ? { passwordHash: input.storedHash, passwordVersion: existing.passwordVersion + 1 } : {}) },
    });
    return { result: "updated", userId: existing.id };
  }
  const userId = id ?? randomHex(12);
  await tx.user.create({
    data: { id: userId, connectionId, ...profile, passwordHash: input.storedHash, passwordVersion: input.storedHash ? 1 : 0 },
  });
  if (input.mfa_factors?.length) await enrollImportedFactors(tx, userId, input.mfa_factors);
  return { result: "inserted", userId };
}
