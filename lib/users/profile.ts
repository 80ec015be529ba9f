import type { Prisma } from "@/lib/db";

type UserRow = Prisma.UserGetPayload<object>;
type ConnectionLike = { id: string; name: string };

/** Auth0's user_id for a database-connection user. */
export function auth0UserId(id: string): string {
  return `auth0|${id}`;
}

/** Accepts `auth0|<id>` or a bare id; returns the bare id or null when it cannot be one of ours. */
export function parseUserId(userId: string): string | null {
  const bare = userId.startsWith("auth0|") ? userId.slice(6) : userId;
  return /^[0-9a-f]{24}$/.test(bare) ? bare : null;
}

/** What the password policy compares against ("no personal info"). */
export function personalInfoOf(user: UserRow) {
  return {
    email: user.email ?? undefined,
    username: user.username ?? undefined,
    name: user.name ?? undefined,
    givenName: user.givenName ?? undefined,
    familyName: user.familyName ?? undefined,
    nickname: user.nickname ?? undefined,
    phoneNumber: user.phoneNumber ?? undefined,
  };
}

/** The user as Auth0 shows it (Management API, Actions' event.user). */
export function toAuth0User(user: UserRow, connection: ConnectionLike) {
  return {
    user_id: auth0UserId(user.id),
    email: user.email ?? undefined,
    email_verified: user.emailVerified,
    username: user.username ?? undefined,
    name: user.name ?? user.email ?? user.username ?? undefined,
    given_name: user.givenName ?? undefined,
    family_name: user.familyName ?? undefined,
    nickname: user.nickname ?? user.email?.split("@")[0] ?? user.username ?? undefined,
    picture: user.picture ?? undefined,
    phone_number: user.phoneNumber ?? undefined,
    phone_verified: user.phoneNumber ? user.phoneVerified : undefined,
    app_metadata: (user.appMetadata ?? {}) as Record<string, unknown>,
    user_metadata: (user.userMetadata ?? {}) as Record<string, unknown>,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    last_password_reset: user.lastPasswordReset?.toISOString(),
    last_login: user.lastLogin?.toISOString(),
    last_ip: user.lastIp ?? undefined,
    logins_count: user.loginsCount,
    blocked: user.blocked,
    identities: [{ connection: connection.name, provider: "auth0", user_id: user.id, isSocial: false }],
  };
}
