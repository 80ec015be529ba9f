import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { PostUserRegistrationEvent, PreUserRegistrationEvent } from "../types";
import { compact } from "./compact";
import { eventRequest, eventUser } from "./user";

type Request = { ip: string; hostname?: string; userAgent?: string; language?: string; method: string };

/** What pre-user-registration sees: the sign-up's input, before anything is written. */
export type PreUserRegistrationFacts = {
  candidate: { email: string; username?: string; name?: string; givenName?: string; familyName?: string; nickname?: string; picture?: string; phoneNumber?: string };
  connection: { id: string; name: string };
  client?: { id: string; name: string };
  request: Request & { query?: Record<string, unknown>; body?: Record<string, unknown> };
  secrets: Record<string, string>;
};

export function buildPreUserRegistrationEvent(facts: PreUserRegistrationFacts): PreUserRegistrationEvent {
  const c = facts.candidate;
  return compact({
    client: facts.client ? { client_id: facts.client.id, name: facts.client.name, metadata: {} } : undefined,
    connection: { id: facts.connection.id, name: facts.connection.name, strategy: "auth0", metadata: {} },
    request: eventRequest({ ...facts.request, query: facts.request.query ?? {}, body: facts.request.body ?? {} }),
    tenant: { id: config().TENANT_NAME },
    transaction: { locale: facts.request.language ?? "en", ui_locales: [facts.request.language ?? "en"] },
    user: compact({
      email: c.email,
      username: c.username,
      name: c.name,
      given_name: c.givenName,
      family_name: c.familyName,
      nickname: c.nickname,
      picture: c.picture,
      phone_number: c.phoneNumber,
      app_metadata: {},
      user_metadata: {},
    }),
    secrets: { ...facts.secrets },
    configuration: {},
  }) as PreUserRegistrationEvent;
}

/** What post-user-registration sees: the user as stored when the delivery runs. */
export type PostUserRegistrationFacts = {
  user: Prisma.UserGetPayload<object>;
  connection: { id: string; name: string };
  request: Request;
  secrets: Record<string, string>;
  delivery: { id: string; attempt: number };
};

export function buildPostUserRegistrationEvent(facts: PostUserRegistrationFacts): PostUserRegistrationEvent {
  return {
    connection: { id: facts.connection.id, name: facts.connection.name, strategy: "auth0", metadata: {} },
    request: eventRequest(facts.request),
    tenant: { id: config().TENANT_NAME },
    transaction: { correlation_id: facts.delivery.id },
    user: eventUser(facts.user, facts.connection),
    secrets: { ...facts.secrets },
    configuration: {},
    delivery: { ...facts.delivery },
  } as PostUserRegistrationEvent;
}
