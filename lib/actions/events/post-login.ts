import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { PostLoginEvent } from "../types";
import { compact } from "./compact";
import { eventRequest, eventUser, type EnrolledFactorFacts } from "./user";

/** What the post-login event is built from, gathered by the sign-in (lib/oidc/post-login.ts). */
export type PostLoginFacts = {
  user: Prisma.UserGetPayload<object>;
  connection: { id: string; name: string };
  enrolledFactors: EnrolledFactorFacts;
  client: { id: string; name: string; metadata?: Record<string, string> };
  /** The request being served: the sign-in's last step, or `/continue` with its parameters. */
  request: { ip: string; hostname?: string; userAgent?: string; language?: string; method: string; query: Record<string, unknown>; body: Record<string, unknown> };
  /** The authorization request. */
  transaction: {
    /** The sign-in's id, the same across a redirect and its resume. */
    id: string;
    protocol: string;
    requestedScopes: string[];
    redirectUri?: string;
    responseType?: string[];
    responseMode?: string;
    state?: string;
    uiLocales: string[];
    acrValues: string[];
    prompt?: string[];
    loginHint?: string;
  };
  /** Methods completed in this sign-in, oldest first (`pwd`, `mfa`, or a recorded URL). */
  methods: Array<{ name: string; at: Date }>;
  session?: { id: string; createdAt?: Date; authenticatedAt?: Date };
  resourceServer?: string;
  /** A refresh-token exchange: the token being exchanged (Auth0's `event.refresh_token`). */
  refreshToken?: { id: string; clientId: string; userId: string; sessionId?: string; createdAt?: Date; expiresAt?: Date };
  secrets: Record<string, string>;
};

/**
 * The post-login event (contract: ./README.md §post-login), rebuilt for every execution so a
 * resume carries a fresh `request`, and later Actions see the metadata earlier ones set.
 */
export function buildPostLoginEvent(facts: PostLoginFacts): PostLoginEvent {
  const enrolled = facts.enrolledFactors ?? [];
  const t = facts.transaction;
  return compact({
    authentication: { methods: facts.methods.map((m) => ({ name: m.name, timestamp: m.at.toISOString() })) },
    authorization: { roles: facts.user.role === "admin" ? ["admin"] : [] },
    client: { client_id: facts.client.id, name: facts.client.name, metadata: facts.client.metadata ?? {} },
    connection: { id: facts.connection.id, name: facts.connection.name, strategy: "auth0", metadata: {} },
    request: eventRequest(facts.request),
    resource_server: facts.resourceServer ? { identifier: facts.resourceServer } : undefined,
    refresh_token: facts.refreshToken
      ? compact({
          id: facts.refreshToken.id,
          client_id: facts.refreshToken.clientId,
          user_id: facts.refreshToken.userId,
          session_id: facts.refreshToken.sessionId,
          created_at: facts.refreshToken.createdAt?.toISOString(),
          expires_at: facts.refreshToken.expiresAt?.toISOString(),
        })
      : undefined,
    session: facts.session
      ? compact({ id: facts.session.id, created_at: facts.session.createdAt?.toISOString(), authenticated_at: facts.session.authenticatedAt?.toISOString() })
      : undefined,
    stats: { logins_count: facts.user.loginsCount },
    tenant: { id: config().TENANT_NAME },
    transaction: compact({
      id: t.id,
      acr_values: t.acrValues,
      locale: t.uiLocales[0] ?? "en",
      login_hint: t.loginHint,
      prompt: t.prompt,
      protocol: t.protocol,
      redirect_uri: t.redirectUri,
      requested_scopes: t.requestedScopes,
      response_mode: t.responseMode,
      response_type: t.responseType,
      state: t.state,
      ui_locales: t.uiLocales,
    }),
    user: {
      ...eventUser(facts.user, facts.connection, facts.enrolledFactors),
      multifactor: enrolled.some((f) => f.type !== "email") ? ["guardian"] : [],
    },
    secrets: { ...facts.secrets },
    configuration: {},
  }) as PostLoginEvent;
}
