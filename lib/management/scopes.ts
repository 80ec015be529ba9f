import { AppError } from "@/lib/errors";

/**
 * The Management API scopes Rekey knows, with Auth0's names; a machine client holds a subset.
 * `update:admin_users` is Rekey's own: see ADMIN_USERS_SCOPE.
 */
export const MANAGEMENT_SCOPES = [
  "read:users",
  "create:users",
  "update:users",
  "delete:users",
  "create:user_tickets",
  "read:logs",
  "read:connections",
  "read:authentication_methods",
  "delete:authentication_methods",
  "read:clients",
  "create:clients",
  "update:clients",
  "delete:clients",
  "read:client_keys",
  "update:client_keys",
  "read:resource_servers",
  "create:resource_servers",
  "update:resource_servers",
  "delete:resource_servers",
  "read:client_grants",
  "create:client_grants",
  "update:client_grants",
  "delete:client_grants",
  "update:admin_users",
] as const;

export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

/**
 * Needed, on top of the operation's own scope, for any write to a user with the admin role
 * (profile, password, email, block, delete, tickets, factor removal). Without it, a client meant
 * to manage customers (update:users, create:user_tickets) could set an admin's password or mail
 * itself a reset link and sign in to the console. Only an admin signed in to the console (or the
 * operator's SEED_MACHINE_CLIENT) grants it, never another client.
 */
export const ADMIN_USERS_SCOPE = "update:admin_users" satisfies ManagementScope;

/** Scopes that only an admin in the console grants (see assertMayGrant). */
export const ADMIN_ONLY_GRANTS: readonly ManagementScope[] = [ADMIN_USERS_SCOPE];

export function isManagementScope(value: string): value is ManagementScope {
  return (MANAGEMENT_SCOPES as readonly string[]).includes(value);
}

/** A space-separated scope string (the `scope` claim, the `scope` parameter) as a set of known scopes. */
export function parseScopes(value: string | undefined): ManagementScope[] {
  if (!value) return [];
  return [...new Set(value.split(/\s+/).filter(isManagementScope))];
}

/** Refuses a caller holding none of `anyOf`, in Auth0's words. */
export function assertScope(granted: readonly string[], anyOf: readonly ManagementScope[]): void {
  if (anyOf.some((scope) => granted.includes(scope))) return;
  throw new AppError("FORBIDDEN", `Insufficient scope, expected any of: ${anyOf.join(",")}`, { data: { errorCode: "insufficient_scope" } });
}
