import { AppError } from "@/lib/errors";

/** The Management API scopes Rekey knows, with Auth0's names; a machine client holds a subset. */
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
] as const;

export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

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
