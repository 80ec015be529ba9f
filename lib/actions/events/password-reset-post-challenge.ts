import { config } from "@/lib/config";
import { compact } from "./compact";
import type { Prisma } from "@/lib/db";
import { toAuth0User } from "@/lib/users";
import type { PasswordResetPostChallengeEvent } from "../types";

/** What the password-reset-post-challenge event is built from, gathered by the reset runner. */
export type PostChallengeFacts = {
  user: Prisma.UserGetPayload<object>;
  connection: { id: string; name: string };
  /** `event.user.enrolledFactors`: `[]` when none, undefined when they could not be read. */
  enrolledFactors: Array<{ type: string; options?: Record<string, unknown> }> | undefined;
  /** When the first challenge (the email link or code) was passed. */
  verifiedAt: Date;
  /** Factors passed in this reset, oldest first: each becomes an `mfa` method. */
  passed: Array<{ type: string; at: string }>;
  /** The request being served: the link POST, a factor's check, or `/continue` (with its parameters). */
  request: {
    ip: string;
    hostname?: string;
    userAgent?: string;
    language?: string;
    method: string;
    query: Record<string, unknown>;
    body: Record<string, unknown>;
  };
  client: { id: string; name: string };
  /** The reset flow's id: `transaction.correlation_id`, the same on every resume. */
  flowId: string;
  secrets: Record<string, string>;
};

/**
 * The password-reset-post-challenge v1 event (spec §1.2), with exactly the fields the spec lists
 * and absent attributes left out, as Auth0 does. Rebuilt for every execution, so a resume after a
 * factor or a redirect carries a fresh `request` and the factors passed meanwhile.
 */
export function buildPostChallengeEvent(facts: PostChallengeFacts): PasswordResetPostChallengeEvent {
  const profile = toAuth0User(facts.user, facts.connection);
  const user = compact({
    user_id: profile.user_id,
    email: profile.email,
    email_verified: profile.email_verified,
    username: profile.username,
    name: profile.name,
    given_name: profile.given_name,
    family_name: profile.family_name,
    nickname: profile.nickname,
    picture: profile.picture,
    phone_number: profile.phone_number,
    phone_verified: profile.phone_verified,
    app_metadata: profile.app_metadata,
    user_metadata: profile.user_metadata,
    created_at: profile.created_at,
    updated_at: profile.updated_at,
    last_password_reset: profile.last_password_reset,
    identities: profile.identities,
    enrolledFactors: facts.enrolledFactors?.map((f) => (f.options ? { type: f.type, options: f.options } : { type: f.type })),
  });
  const request = facts.request;
  return {
    authentication: {
      methods: [
        { name: "email", timestamp: facts.verifiedAt.toISOString() },
        ...facts.passed.map((p) => ({ name: "mfa", timestamp: p.at, type: p.type })),
      ],
    },
    authorization: { roles: facts.user.role === "admin" ? ["admin"] : [] },
    client: { client_id: facts.client.id, name: facts.client.name, metadata: {} },
    connection: { id: facts.connection.id, name: facts.connection.name, strategy: "auth0", metadata: {} },
    request: compact({
      ip: request.ip,
      hostname: request.hostname,
      user_agent: request.userAgent,
      language: request.language,
      method: request.method,
      query: request.query,
      body: request.body,
      geoip: {},
    }),
    stats: { logins_count: facts.user.loginsCount },
    tenant: { id: config().TENANT_NAME },
    transaction: { correlation_id: facts.flowId, locale: "en", ui_locales: ["en"] },
    user,
    secrets: { ...facts.secrets },
    configuration: {},
  } as PasswordResetPostChallengeEvent;
}
