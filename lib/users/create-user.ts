import { prisma, type Prisma } from "@/lib/db";
import { AppError, catalogError } from "@/lib/errors";
import { logContext, writeLog } from "@/lib/logs";
import { ipLimitKey, type RequestContext } from "@/lib/http";
import { enforcePasswordPolicy, hashPassword } from "@/lib/passwords";
import { passwordPolicyError } from "./policy-error";
import { assertRateLimit, randomHex } from "@/lib/security";
import { afterUserCreated } from "./after-user-created";
import { policyOf, type Connection } from "./connection";
import { normalizeEmail, normalizeUsername } from "./normalize";

export type NewUser = {
  email: string;
  username?: string;
  password: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  nickname?: string;
  picture?: string;
  phoneNumber?: string;
  phoneVerified?: boolean;
  emailVerified?: boolean;
  blocked?: boolean;
  role?: "user" | "admin";
  appMetadata?: Record<string, unknown>;
  userMetadata?: Record<string, unknown>;
};

export type CreateUserOptions = {
  connection: Connection;
  ctx: RequestContext;
  /** A person signing themselves up: honours the connection's signup switch and logs ss/fs. */
  selfSignUp?: boolean;
  /**
   * Runs after the input checks and before the hash and the write (pre-user-registration): it may
   * refuse with an AppError, or give metadata the user is created with (merged over the input's).
   */
  beforeWrite?: (candidate: NewUser & { email: string; username?: string }) => Promise<{ appMetadata?: Record<string, unknown>; userMetadata?: Record<string, unknown> }>;
};

/**
 * Creates a database-connection user. The first password goes through the same policy and hash as
 * every later write; its hash starts the history.
 */
export async function createUser(input: NewUser, options: CreateUserOptions): Promise<Prisma.UserGetPayload<object>> {
  const { connection, ctx } = options;
  const email = normalizeEmail(input.email);
  const username = input.username ? normalizeUsername(input.username) : undefined;
  const fail = async (error: AppError) => {
    if (options.selfSignUp) {
      await writeLog({ type: "fs", ...logContext(ctx, { userName: email, connectionId: connection.id }), description: error.message, details: { code: error.code } });
    }
    return error;
  };

  if (options.selfSignUp && !connection.signupEnabled) throw await fail(new AppError("SIGNUP_DISABLED"));
  if (connection.requiresUsername && !username) {
    throw await fail(catalogError("INVALID_INPUT", { id: "refusals.chooseUsername" }, { field: "username" }));
  }
  const outcome = await enforcePasswordPolicy(input.password, policyOf(connection), { ...input, email, username });
  if (outcome.failure) throw await fail(passwordPolicyError(outcome));
  // After the checks that read only the input (free, and they reveal nothing) and before the
  // argon2 hash and the insert: one address can neither make the server hash at will nor ask
  // USER_EXISTS about address after address.
  if (options.selfSignUp) await limitSignUp(email, connection, ctx);
  let metadata: { appMetadata?: Record<string, unknown>; userMetadata?: Record<string, unknown> } = {};
  if (options.beforeWrite) {
    try {
      metadata = await options.beforeWrite({ ...input, email, username });
    } catch (error) {
      throw error instanceof AppError ? await fail(error) : error;
    }
  }

  const hash = await hashPassword(input.password);
  const db = await prisma();
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          id: randomHex(12),
          connectionId: connection.id,
          email,
          username: connection.requiresUsername ? username : undefined,
          emailVerified: input.emailVerified ?? false,
          name: input.name || undefined,
          givenName: input.givenName,
          familyName: input.familyName,
          nickname: input.nickname,
          picture: input.picture,
          phoneNumber: input.phoneNumber,
          phoneVerified: input.phoneVerified ?? false,
          blocked: input.blocked ?? false,
          role: input.role ?? "user",
          appMetadata: { ...input.appMetadata, ...metadata.appMetadata } as Prisma.InputJsonValue,
          userMetadata: { ...input.userMetadata, ...metadata.userMetadata } as Prisma.InputJsonValue,
          passwordHash: hash,
          passwordVersion: 1,
          passwordChangedAt: now,
        },
      });
      await tx.passwordHistory.create({ data: { userId: user.id, hash, createdAt: now } });
      if (options.selfSignUp) {
        await writeLog({ type: "ss", ...logContext(ctx, { userId: user.id, userName: email, connectionId: connection.id }) }, tx);
      }
      await afterUserCreated(tx, user, ctx);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await fail(new AppError("USER_EXISTS"));
    throw error;
  }
}

async function limitSignUp(email: string, connection: Connection, ctx: RequestContext): Promise<void> {
  // Auth0's code for an address refused for too many sign-up (or sign-in) attempts.
  const log = () => writeLog({ type: "limit_mu", ...logContext(ctx, { userName: email, connectionId: connection.id }), details: { policy: "signUpPerIp" } });
  await assertRateLimit("signUpPerIp", ipLimitKey(ctx.ip), log, { tooMany: "signUps" });
}

/** A unique constraint refused the write (an email or username taken), on either database driver. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return e?.code === "P2002" || e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" || /unique constraint/i.test(e?.message ?? "");
}
