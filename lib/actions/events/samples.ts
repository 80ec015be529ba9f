import crypto from "node:crypto";
import { config } from "@/lib/config";
import type { Trigger } from "../triggers";
import { buildCredentialsExchangeEvent } from "../credentials-exchange";
import type {
  CredentialsExchangeEvent,
  HookContext,
  HookUser,
  PasswordResetPostChallengeEvent,
  PostChangePasswordEvent,
  PostLoginEvent,
  PostUserRegistrationEvent,
  PreUserRegistrationEvent,
  SendPhoneMessageEvent,
} from "../types";
import { buildPreUserRegistrationEvent } from "./registration";
import { buildPostChangePasswordEvent, buildPostChangePasswordHookArgs, type PostChangePasswordFacts } from "./post-change-password";

/** Sample events for `npm run action -- test`, shaped exactly like the real ones. */
function sampleFacts(secrets: Record<string, string>): PostChangePasswordFacts {
  return {
    user: {
      id: "5f7c8ec7c33c6c004bbafe82",
      email: "j+smith@example.com",
      emailVerified: true,
      username: "j_smith",
      phoneNumber: "+17081234567",
      phoneVerified: false,
    },
    connection: { id: "con_fpe5kj482KO1eOzQ", name: "Username-Password-Authentication" },
    changedAt: new Date(),
    request: { ip: "13.33.86.47", hostname: "localhost", userAgent: "Mozilla/5.0", language: "en", method: "POST" },
    secrets,
    delivery: { id: `test-${crypto.randomUUID()}`, attempt: 1 },
  };
}

export function samplePostChangePasswordEvent(secrets: Record<string, string> = {}): PostChangePasswordEvent {
  return buildPostChangePasswordEvent(sampleFacts(secrets));
}

export function samplePostChangePasswordHookArgs(secrets: Record<string, string> = {}): { user: HookUser; context: HookContext } {
  return buildPostChangePasswordHookArgs(sampleFacts(secrets));
}

export function samplePostChallengeEvent(secrets: Record<string, string> = {}): PasswordResetPostChallengeEvent {
  const now = new Date().toISOString();
  return {
    authentication: { methods: [{ name: "email", timestamp: now }] },
    authorization: { roles: [] },
    client: { client_id: "rekey", name: config().PRODUCT_NAME, metadata: {} },
    connection: { id: "con_fpe5kj482KO1eOzQ", name: "Username-Password-Authentication", strategy: "auth0", metadata: {} },
    request: { ip: "13.33.86.47", hostname: "localhost", user_agent: "Mozilla/5.0", language: "en", method: "POST", geoip: {}, query: {}, body: {} },
    stats: { logins_count: 3 },
    tenant: { id: config().TENANT_NAME },
    transaction: { correlation_id: `test-${crypto.randomUUID()}`, locale: "en", ui_locales: ["en"] },
    user: {
      user_id: "auth0|5f7c8ec7c33c6c004bbafe82",
      email: "j+smith@example.com",
      email_verified: true,
      username: "j_smith",
      name: "j+smith@example.com",
      nickname: "j+smith",
      phone_number: "+17081234567",
      phone_verified: false,
      app_metadata: {},
      user_metadata: {},
      created_at: "2026-01-15T10:00:00.000Z",
      updated_at: now,
      enrolledFactors: [{ type: "email" }],
      identities: [{ connection: "Username-Password-Authentication", provider: "auth0", user_id: "5f7c8ec7c33c6c004bbafe82", isSocial: false }],
    },
    secrets,
    configuration: {},
  };
}

export function samplePostLoginEvent(secrets: Record<string, string> = {}): PostLoginEvent {
  const base = samplePostChallengeEvent(secrets);
  const now = new Date().toISOString();
  return {
    ...base,
    authentication: { methods: [{ name: "pwd", timestamp: now }] },
    client: { client_id: "sample-client-id", name: "My App", metadata: {} },
    request: { ...base.request, method: "GET", query: { client_id: "sample-client-id", response_type: "code", scope: "openid profile email" }, body: {} },
    session: { id: "sample-session-id", created_at: now, authenticated_at: now },
    transaction: {
      id: `test-${crypto.randomUUID()}`,
      acr_values: [],
      locale: "en",
      protocol: "oidc-basic-profile",
      redirect_uri: "https://app.example.com/callback",
      requested_scopes: ["openid", "profile", "email"],
      response_mode: "query",
      response_type: ["code"],
      state: "sample-state",
      ui_locales: ["en"],
    },
    user: { ...base.user, multifactor: [] },
  } as PostLoginEvent;
}

export function samplePreUserRegistrationEvent(secrets: Record<string, string> = {}): PreUserRegistrationEvent {
  return buildPreUserRegistrationEvent({
    candidate: { email: "j+smith@example.com", name: "Jane Smith" },
    connection: SAMPLE_CONNECTION,
    request: { ip: "13.33.86.47", hostname: "localhost", userAgent: "Mozilla/5.0", language: "en", method: "POST" },
    secrets,
  });
}

export function samplePostUserRegistrationEvent(secrets: Record<string, string> = {}): PostUserRegistrationEvent {
  const { request, tenant, user, configuration } = samplePostChallengeEvent(secrets);
  const registered = { ...user };
  delete registered.enrolledFactors;
  return {
    connection: { ...SAMPLE_CONNECTION, strategy: "auth0", metadata: {} },
    request: { ip: request.ip, hostname: request.hostname, user_agent: request.user_agent, language: request.language, method: "POST", geoip: {} },
    tenant,
    transaction: { correlation_id: `test-${crypto.randomUUID()}` },
    user: registered,
    secrets,
    configuration,
    delivery: { id: `test-${crypto.randomUUID()}`, attempt: 1 },
  } as PostUserRegistrationEvent;
}

export function sampleSendPhoneMessageEvent(secrets: Record<string, string> = {}): SendPhoneMessageEvent {
  const { tenant, user, configuration } = samplePostChallengeEvent(secrets);
  const recipient = { ...user };
  delete recipient.enrolledFactors;
  return {
    message_options: {
      action: "second-factor-authentication",
      code: "123456",
      language: "en",
      message_type: "sms",
      recipient: "+17081234567",
      text: `123456 is your ${config().PRODUCT_NAME} verification code. Do not share it.`,
    },
    request: { ip: "13.33.86.47", method: "POST", geoip: {} },
    tenant,
    user: recipient,
    secrets,
    configuration,
  } as SendPhoneMessageEvent;
}

export function sampleCredentialsExchangeEvent(secrets: Record<string, string> = {}): CredentialsExchangeEvent {
  return buildCredentialsExchangeEvent(
    {
      client: { id: "sample-m2m-client", name: "My M2M App" },
      audience: `${config().PUBLIC_URL}/api/v2/`,
      scopes: ["read:users"],
      requestedScopes: ["read:users"],
      request: { ip: "13.33.86.47", hostname: "localhost", userAgent: "curl/8", method: "POST", body: { grant_type: "client_credentials", client_id: "sample-m2m-client" } },
    },
    secrets,
  );
}

const SAMPLE_CONNECTION = { id: "con_fpe5kj482KO1eOzQ", name: "Username-Password-Authentication" };

const SAMPLES: Record<Trigger, (secrets: Record<string, string>) => object> = {
  "post-change-password": samplePostChangePasswordEvent,
  "password-reset-post-challenge": samplePostChallengeEvent,
  "post-login": samplePostLoginEvent,
  "pre-user-registration": samplePreUserRegistrationEvent,
  "post-user-registration": samplePostUserRegistrationEvent,
  "send-phone-message": sampleSendPhoneMessageEvent,
  "credentials-exchange": sampleCredentialsExchangeEvent,
};

/** The built-in sample of a trigger: the event (Actions), or `{ user, context }` (Hooks). */
export function sampleFor(trigger: Trigger, kind: "action" | "hook", secrets: Record<string, string> = {}): Record<string, unknown> {
  if (kind === "hook") return samplePostChangePasswordHookArgs(secrets) as unknown as Record<string, unknown>;
  return SAMPLES[trigger](secrets) as Record<string, unknown>;
}
