import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { findUserById, listUserFactors, removeAllUserFactors, removeUserFactor, type FactorRow } from "@/lib/users";
import { guardAdminUserWrite } from "./admin-users";
import { pagingParams } from "./query";
import type { ManagementPrincipal } from "./token";

/** Rekey's factor types under Auth0's authentication-method type names. */
const AUTH0_TYPES: Record<string, string> = {
  otp: "totp",
  "webauthn-roaming": "webauthn-roaming",
  "webauthn-platform": "webauthn-platform",
  email: "email",
  phone: "phone",
  "recovery-code": "recovery-code",
};

/** One enrolled factor in Auth0's authentication-method shape; its id is `<type>|<factor id>`. */
export function toAuthenticationMethod(factor: FactorRow) {
  const type = AUTH0_TYPES[factor.type] ?? factor.type;
  const confirmed = factor.confirmedAt !== null;
  return {
    id: `${type}|${factor.id}`,
    type,
    confirmed,
    name: factor.name,
    created_at: factor.createdAt.toISOString(),
    ...(factor.confirmedAt ? { enrolled_at: factor.confirmedAt.toISOString() } : {}),
    ...(factor.lastUsedAt ? { last_auth_at: factor.lastUsedAt.toISOString() } : {}),
    ...(type === "totp" ? { authentication_methods: [{ id: `totp|${factor.id}`, type: "totp" }] } : {}),
    ...(type === "phone" && factor.address
      ? { phone_number: factor.address, preferred_authentication_method: "sms", authentication_methods: [{ id: `sms|${factor.id}`, type: "sms" }] }
      : {}),
    ...(type === "email" && factor.address ? { email: factor.address } : {}),
    ...(type.startsWith("webauthn") && factor.credentialId ? { key_id: factor.credentialId, ...(factor.publicKey ? { public_key: factor.publicKey } : {}) } : {}),
  };
}

export const listAuthenticationMethodsQuerySchema = z.object({ ...pagingParams });

/** `GET /api/v2/users/{id}/authentication-methods`. */
export async function listAuthenticationMethods(userId: string, query: z.infer<typeof listAuthenticationMethodsQuerySchema>) {
  if (!(await findUserById(userId))) throw new AppError("NOT_FOUND");
  const { factors } = await listUserFactors(userId);
  const page = factors.slice(query.page * query.per_page, (query.page + 1) * query.per_page).map(toAuthenticationMethod);
  if (!query.include_totals) return page;
  return { start: query.page * query.per_page, limit: query.per_page, total: factors.length, authenticators: page };
}

/** `DELETE /api/v2/users/{id}/authentication-methods`: every factor and recovery code. */
export async function deleteAuthenticationMethods(userId: string, principal: ManagementPrincipal, ctx: RequestContext) {
  await guardAdminUserWrite({ userId, operation: "Delete all authentication methods of a User" }, principal, ctx);
  await removeAllUserFactors(userId, { id: principal.clientId, kind: "client" }, ctx);
}

/** `DELETE /api/v2/users/{id}/authentication-methods/{method_id}`. */
export async function deleteAuthenticationMethod(userId: string, methodId: string, principal: ManagementPrincipal, ctx: RequestContext) {
  const factorId = /^[a-z-]+\|([0-9a-f-]{36})$/.exec(methodId)?.[1];
  if (factorId) await guardAdminUserWrite({ userId, operation: "Delete an authentication method of a User" }, principal, ctx);
  const removed = factorId ? await removeUserFactor(userId, factorId, { id: principal.clientId, kind: "client" }, ctx) : false;
  if (!removed) throw new AppError("NOT_FOUND", "Authentication method not found.", { data: { errorCode: "inexistent_authentication_method" } });
}
