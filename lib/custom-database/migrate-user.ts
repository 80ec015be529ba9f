import { prisma } from "@/lib/db";
import { writeLog } from "@/lib/logs";
import { hashPassword } from "@/lib/passwords";
import { isUniqueViolation, normalizeEmail, normalizeUsername, writeImportedUser } from "@/lib/users";
import type { CustomDatabaseProfile } from "./profile";
import { runCustomDatabaseScript, scriptFile, type CustomDatabaseScript } from "./script";

/** What was typed, normalized (lib/users normalizeIdentifier). */
export type Identifier = { email?: string; username?: string; key: string };

type Migration = { connectionId: string; identifier: Identifier; ip?: string; userAgent?: string };

/**
 * Lazy migration at sign-in (Auth0's import mode): the connection has no such user, so its
 * `login` script is asked; a user it returns is created here with the typed password hashed by
 * Rekey (argon2id), and the next lookup finds them. Resolves whether a user now exists.
 */
export async function migrateUserOnSignIn(input: Migration & { password: string }): Promise<boolean> {
  // The file first (a stat, microseconds): without a script, an unknown identifier costs no extra
  // database round trip, so its timing stays that of any failed sign-in.
  if (!(await scriptFile("login")) || !(await importModeOn(input.connectionId))) return false;
  const outcome = await runCustomDatabaseScript("login", { email: input.identifier.key, password: input.password });
  return createFromOutcome("login", input, outcome, () => hashPassword(input.password));
}

/**
 * Lazy migration at a reset request: the `get_user` script (`getByEmail`) is asked, and a user it
 * returns is created without a password, so the reset link goes out and the user's new password
 * is their first one here.
 */
export async function migrateUserOnReset(input: Migration): Promise<boolean> {
  if (!(await scriptFile("get_user")) || !(await importModeOn(input.connectionId))) return false;
  const outcome = await runCustomDatabaseScript("get_user", { email: input.identifier.key });
  return createFromOutcome("get_user", input, outcome, async () => null);
}

async function importModeOn(connectionId: string): Promise<boolean> {
  const db = await prisma();
  return (await db.connection.findUnique({ where: { id: connectionId }, select: { importMode: true } }))?.importMode ?? false;
}

async function createFromOutcome(
  script: CustomDatabaseScript,
  input: Migration,
  outcome: Awaited<ReturnType<typeof runCustomDatabaseScript>>,
  storedHash: () => Promise<string | null>,
): Promise<boolean> {
  if (outcome.kind === "none") return false;
  const fail = async (reason: string) => {
    await writeLog({ type: "actions_execution_failed", userName: input.identifier.key, connectionId: input.connectionId, ip: input.ip, userAgent: input.userAgent, description: `Custom Database ${script} script: ${reason}` });
    return false;
  };
  if (outcome.kind === "failed") return fail(outcome.reason);
  const { profile } = outcome;
  // The script answers for the account that was asked about, not another one.
  if (!sameAccount(profile, input.identifier)) return fail("the returned user is not the one asked for (email or username differs)");
  const hash = await storedHash();
  const db = await prisma();
  try {
    const written = await db.$transaction((tx) => writeImportedUser(tx, input.connectionId, toImported(profile, hash), false));
    if (written.result === "refused") return written.code === "DUPLICATED_USER" && written.path === "email" ? true : fail(written.message);
    return true;
  } catch (error) {
    // A sign-in beside this one migrated the same user first: it exists now, which is the point.
    if (isUniqueViolation(error)) return true;
    throw error;
  }
}

function sameAccount(profile: CustomDatabaseProfile, identifier: Identifier): boolean {
  if (identifier.email) return normalizeEmail(profile.email) === identifier.email;
  return profile.username !== undefined && normalizeUsername(profile.username) === identifier.username;
}

/** Auth0's ids are any string; ours are 24 hex characters, so an id of another form gets a new one. */
function toImported(profile: CustomDatabaseProfile, storedHash: string | null) {
  const raw = String(profile.user_id ?? profile.id ?? "").replace(/^auth0\|/, "");
  return {
    email: profile.email,
    email_verified: profile.email_verified,
    ...(/^[0-9a-f]{24}$/.test(raw) ? { user_id: raw } : {}),
    username: profile.username,
    name: profile.name,
    given_name: profile.given_name,
    family_name: profile.family_name,
    nickname: profile.nickname,
    picture: profile.picture,
    blocked: false,
    phone_verified: false,
    app_metadata: profile.app_metadata,
    user_metadata: profile.user_metadata,
    storedHash,
  };
}
