import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { PasswordResetPostChallengeEvent } from "../types";
import { eventRequest, eventUser } from "./user";

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
  const user = eventUser(facts.user, facts.connection, facts.enrolledFactors);
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
    request: eventRequest(facts.request),
    stats: { logins_count: facts.user.loginsCount },
    tenant: { id: config().TENANT_NAME },
    // The language negotiated for the request being served (lib/http requestContextFrom).
    transaction: { correlation_id: facts.flowId, locale: facts.request.language ?? "en", ui_locales: [facts.request.language ?? "en"] },
    user,
    secrets: { ...facts.secrets },
    configuration: {},
  } as PasswordResetPostChallengeEvent;
}
