import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import {
  blockedUserData,
  createUser,
  defaultConnection,
  deleteUser,
  findUserById,
  isUniqueViolation,
  normalizeEmail,
  normalizeUsername,
  setUserPassword,
  toAuth0User,
  updateUser,
  writeUserChanges,
} from "@/lib/users";
import { boundedJsonObject, text } from "@/lib/validation";
import { guardAdminUserWrite } from "./admin-users";
import { assertWithinResultLimit, fieldParams, pagedList, pagingParams, selectFields } from "./query";
import { parseUserSearch, parseUserSort } from "./search";
import type { ManagementPrincipal } from "./token";

type UserRow = Prisma.UserGetPayload<object>;

// Auth0's limits on the profile: names and URLs of a sensible size, metadata objects of 16 KB.
// Every string refuses control characters (text()): PostgreSQL refuses NUL in text, which was a 500.
// A pipe, not more refinements: only a value that passed the depth bound may be walked again.
const metadata = boundedJsonObject.pipe(
  z
    .record(z.string().max(100), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 16 * 1024, "Metadata is larger than 16 KB"),
);
const email = text({ max: 254 }).pipe(z.email());
const username = z.string().min(1).max(128).regex(/^[a-zA-Z0-9_+\-.!#$'^`~]+$/, "Username contains characters that are not allowed");
const picture = text({ max: 2048 }).pipe(z.url({ protocol: /^https?$/ }));
const phoneNumber = z.string().max(32).regex(/^\+[1-9]\d{4,14}$/, "Expected an E.164 phone number");
const connectionName = text({ max: 200 }).min(1);
// Passwords stay plain strings: they are only ever hashed, never stored or searched as text.
const password = z.string().min(1).max(4096);

export const listUsersQuerySchema = z.object({
  ...pagingParams,
  ...fieldParams,
  q: text({ max: 2000 }).optional(),
  search_engine: z.enum(["v2", "v3"]).optional(),
  sort: text({ max: 100 }).optional(),
  connection: text({ max: 200 }).optional(),
  primary_order: z.enum(["true", "false"]).optional(),
});

/** `GET /api/v2/users`: a search over the users, a page at a time, newest first by default. */
export async function listUsers(query: z.infer<typeof listUsersQuerySchema>) {
  assertWithinResultLimit(query.page, query.per_page);
  const connection = await defaultConnection();
  if (query.connection && query.connection !== connection.name) return pagedList("users", [], query, 0);
  const where = query.q ? parseUserSearch(query.q) : {};
  const orderBy = parseUserSort(query.sort);
  const db = await prisma();
  const [rows, total] = await Promise.all([
    db.user.findMany({ where, orderBy, take: query.per_page, skip: query.page * query.per_page, include: { connection: true } }),
    query.include_totals ? db.user.count({ where }) : Promise.resolve(0),
  ]);
  const users = rows.map((u) => selectFields(toAuth0User(u, u.connection), query.fields, query.include_fields));
  return pagedList("users", users, query, total);
}

export const usersByEmailQuerySchema = z.object({ email: text({ max: 254 }), ...fieldParams });

/** `GET /api/v2/users-by-email`: every user with this address (one per connection; Rekey has one). */
export async function listUsersByEmail(query: z.infer<typeof usersByEmailQuerySchema>) {
  const db = await prisma();
  const rows = await db.user.findMany({ where: { email: normalizeEmail(query.email) }, include: { connection: true }, orderBy: { createdAt: "asc" } });
  return rows.map((u) => selectFields(toAuth0User(u, u.connection), query.fields, query.include_fields));
}

export const getUserQuerySchema = z.object({ ...fieldParams });

export async function getUser(userId: string, query: z.infer<typeof getUserQuerySchema> = { include_fields: true }) {
  const user = await findUserById(userId);
  if (!user) throw new AppError("NOT_FOUND");
  return selectFields(toAuth0User(user, user.connection), query.fields, query.include_fields);
}

export const createUserBodySchema = z
  .object({
    connection: connectionName,
    email,
    password,
    username: username.optional(),
    email_verified: z.boolean().optional(),
    verify_email: z.boolean().optional(),
    phone_number: phoneNumber.optional(),
    phone_verified: z.boolean().optional(),
    blocked: z.boolean().optional(),
    name: text({ max: 300 }).optional(),
    given_name: text({ max: 150 }).optional(),
    family_name: text({ max: 150 }).optional(),
    nickname: text({ max: 300 }).optional(),
    picture: picture.optional(),
    user_metadata: metadata.optional(),
    app_metadata: metadata.optional(),
  })
  .strict();

/** The connection a request names, which must be Rekey's database connection (by name). */
async function requireConnection(name: string | undefined) {
  const connection = await defaultConnection();
  if (name !== undefined && name !== connection.name) {
    throw new AppError("INVALID_INPUT", "The connection does not exist.", { data: { errorCode: "inexistent_connection" } });
  }
  return connection;
}

/** `POST /api/v2/users`: a user of the database connection, with the connection's password policy. */
export async function createUserFromApi(body: z.infer<typeof createUserBodySchema>, ctx: RequestContext) {
  const connection = await requireConnection(body.connection);
  // verify_email is accepted for compatibility; Rekey does not send verification emails.
  const user = await createUser(
    {
      email: body.email,
      password: body.password,
      username: body.username,
      emailVerified: body.email_verified,
      phoneNumber: body.phone_number,
      phoneVerified: body.phone_verified,
      blocked: body.blocked,
      name: body.name,
      givenName: body.given_name,
      familyName: body.family_name,
      nickname: body.nickname,
      picture: body.picture,
      userMetadata: body.user_metadata,
      appMetadata: body.app_metadata,
    },
    { connection, ctx },
  );
  return toAuth0User(user, connection);
}

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const updateUserBodySchema = z
  .object({
    connection: connectionName.optional(),
    client_id: text({ max: 200 }).optional(),
    password: password.optional(),
    email: email.optional(),
    email_verified: z.boolean().optional(),
    verify_email: z.boolean().optional(),
    username: username.optional(),
    phone_number: nullable(phoneNumber),
    phone_verified: z.boolean().optional(),
    verify_phone_number: z.boolean().optional(),
    blocked: z.boolean().optional(),
    name: nullable(text({ max: 300 })),
    given_name: nullable(text({ max: 150 })),
    family_name: nullable(text({ max: 150 })),
    nickname: nullable(text({ max: 300 })),
    picture: nullable(picture),
    user_metadata: metadata.optional(),
    app_metadata: metadata.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "Too few properties defined (0), minimum 1");

/**
 * Auth0 merges metadata at the first level: each key given replaces the stored one, a key set to
 * null is removed, keys not given stay.
 */
export function mergeMetadata(stored: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...((stored && typeof stored === "object" && !Array.isArray(stored) ? stored : {}) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The profile changes of a PATCH as a database update, checked against the user and its connection. */
function profileUpdate(user: UserRow & { connection: { requiresUsername: boolean } }, body: z.infer<typeof updateUserBodySchema>): Prisma.UserUpdateInput {
  const data: Prisma.UserUpdateInput = {};
  if (body.email !== undefined) {
    const next = normalizeEmail(body.email);
    data.email = next;
    // A new address is not verified until someone says so, as in Auth0.
    if (next !== user.email) data.emailVerified = body.email_verified ?? false;
  }
  if (body.email_verified !== undefined) data.emailVerified = body.email_verified;
  if (body.username !== undefined) {
    if (!user.connection.requiresUsername) {
      throw new AppError("INVALID_INPUT", "Cannot update username for a connection that does not require it.", { data: { errorCode: "operation_not_supported" } });
    }
    data.username = normalizeUsername(body.username);
  }
  if (body.phone_number !== undefined) data.phoneNumber = body.phone_number;
  if (body.phone_verified !== undefined) data.phoneVerified = body.phone_verified;
  if (body.name !== undefined) data.name = body.name;
  if (body.given_name !== undefined) data.givenName = body.given_name;
  if (body.family_name !== undefined) data.familyName = body.family_name;
  if (body.nickname !== undefined) data.nickname = body.nickname;
  if (body.picture !== undefined) data.picture = body.picture;
  if (body.user_metadata !== undefined) data.userMetadata = mergeMetadata(user.userMetadata, body.user_metadata) as Prisma.InputJsonValue;
  if (body.app_metadata !== undefined) data.appMetadata = mergeMetadata(user.appMetadata, body.app_metadata) as Prisma.InputJsonValue;
  if (body.blocked !== undefined) Object.assign(data, blockedUserData(body.blocked));
  return data;
}

/**
 * `PATCH /api/v2/users/{id}`. Every change of one request commits together or not at all: with a
 * password, the profile update runs inside the password's transaction (setUserPassword's
 * `inTransaction`), so a refused password changes nothing, and a refused profile change (an email
 * taken) leaves the password as it was.
 */
export async function updateUserFromApi(userId: string, body: z.infer<typeof updateUserBodySchema>, principal: ManagementPrincipal, ctx: RequestContext) {
  const user = await findUserById(userId);
  if (!user) throw new AppError("NOT_FOUND");
  await guardAdminUserWrite({ userId, operation: "Update a User", fields: Object.keys(body) }, principal, ctx);
  await requireConnection(body.connection);
  const data = profileUpdate(user, body);
  const hasProfileChanges = Object.keys(data).length > 0;
  try {
    if (body.password !== undefined) {
      await setUserPassword({
        userId,
        newPassword: body.password,
        reason: "api",
        ctx,
        actor: principal.clientId,
        inTransaction: hasProfileChanges ? (tx) => writeUserChanges(tx, user, data) : undefined,
      });
    } else if (hasProfileChanges) {
      await updateUser(user, data);
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("USER_EXISTS", "The specified new email or username already exists.", { status: 400, data: { errorCode: "auth0_idp_error" } });
    throw error;
  }
  return getUser(userId);
}

/** `DELETE /api/v2/users/{id}`: answers 204 whether or not the user existed, like Auth0. */
export async function deleteUserFromApi(userId: string, principal: ManagementPrincipal, ctx: RequestContext): Promise<void> {
  await guardAdminUserWrite({ userId, operation: "Delete a User" }, principal, ctx);
  await deleteUser(userId, { id: principal.clientId, kind: "client" }, ctx);
}
