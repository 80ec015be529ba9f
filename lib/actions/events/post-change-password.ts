import { config } from "@/lib/config";
import { compact } from "./compact";
import type { Delivery, HookContext, HookUser, PostChangePasswordEvent } from "../types";

/** What the post-change-password event is built from: the user as stored now, and the change itself. */
export type PostChangePasswordFacts = {
  user: {
    id: string;
    email: string | null;
    emailVerified: boolean;
    username: string | null;
    phoneNumber: string | null;
    phoneVerified: boolean;
  };
  connection: { id: string; name: string };
  /** When this password change happened; it is the event's `last_password_reset`. */
  changedAt: Date;
  /** The request that changed the password. */
  request: { ip: string; userAgent?: string; hostname?: string; language?: string; method: string };
  secrets: Record<string, string>;
  delivery: Delivery;
};

/**
 * The post-change-password v2 event (spec §2.2): user, connection, request (no query, no body),
 * tenant, transaction, secrets, configuration. Two compatibility additions: `user.id` (the id
 * without `auth0|`, as in Auth0's sample event and migrated Hooks) and `delivery`; the delivery id
 * is also `transaction.correlation_id`, so an Action can deduplicate retries either way.
 */
export function buildPostChangePasswordEvent(facts: PostChangePasswordFacts): PostChangePasswordEvent {
  const { user } = facts;
  return {
    user: compact({
      user_id: `auth0|${user.id}`,
      id: user.id,
      email: user.email ?? undefined,
      email_verified: user.emailVerified,
      phone_number: user.phoneNumber ?? undefined,
      phone_verified: user.phoneNumber ? user.phoneVerified : undefined,
      username: user.username ?? undefined,
      last_password_reset: facts.changedAt.toISOString(),
    }),
    connection: { id: facts.connection.id, name: facts.connection.name, strategy: "auth0", metadata: {} },
    request: compact({
      ip: facts.request.ip,
      hostname: facts.request.hostname,
      user_agent: facts.request.userAgent,
      language: facts.request.language,
      method: facts.request.method,
      geoip: {},
    }),
    tenant: { id: config().TENANT_NAME },
    transaction: { correlation_id: facts.delivery.id },
    secrets: { ...facts.secrets },
    configuration: {},
    delivery: { id: facts.delivery.id, attempt: facts.delivery.attempt },
  } as PostChangePasswordEvent;
}

/** The arguments of a legacy post-change-password Hook (spec §3): `(user, context, cb)`. */
export function buildPostChangePasswordHookArgs(facts: PostChangePasswordFacts): { user: HookUser; context: HookContext } {
  return {
    user: compact({
      id: facts.user.id,
      username: facts.user.username ?? undefined,
      email: facts.user.email ?? undefined,
      last_password_reset: facts.changedAt.toISOString(),
    }) as HookUser,
    context: {
      connection: { id: facts.connection.id, name: facts.connection.name, tenant: config().TENANT_NAME },
      webtask: { secrets: { ...facts.secrets } },
      delivery: { id: facts.delivery.id, attempt: facts.delivery.attempt },
    },
  };
}
