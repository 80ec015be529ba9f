import type { Prisma } from "@/lib/db";
import { toAuth0User } from "@/lib/users";
import { compact } from "./compact";

export type EnrolledFactorFacts = Array<{ type: string; options?: Record<string, unknown> }> | undefined;

/** `event.user` as Auth0's blocking triggers show a stored user: root attributes, metadata, identities. */
export function eventUser(row: Prisma.UserGetPayload<object>, connection: { id: string; name: string }, enrolledFactors?: EnrolledFactorFacts) {
  const profile = toAuth0User(row, connection);
  return compact({
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
    enrolledFactors: enrolledFactors?.map((f) => (f.options ? { type: f.type, options: f.options } : { type: f.type })),
  });
}

/** `event.request` from the request being served (`geoip` is always `{}`: Rekey has no GeoIP data). */
export function eventRequest(request: {
  ip: string;
  hostname?: string;
  userAgent?: string;
  language?: string;
  method: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}) {
  return compact({
    ip: request.ip,
    hostname: request.hostname,
    user_agent: request.userAgent,
    language: request.language,
    method: request.method,
    query: request.query,
    body: request.body,
    geoip: {},
  });
}
