import crypto from "node:crypto";
import { config } from "@/lib/config";
import type { Trigger } from "../triggers";
import type { HookContext, HookUser, PasswordResetPostChallengeEvent, PostChangePasswordEvent } from "../types";
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

/** The built-in sample of a trigger: the event (Actions), or `{ user, context }` (Hooks). */
export function sampleFor(trigger: Trigger, kind: "action" | "hook", secrets: Record<string, string> = {}): Record<string, unknown> {
  if (kind === "hook") return samplePostChangePasswordHookArgs(secrets) as unknown as Record<string, unknown>;
  return trigger === "post-change-password" ? samplePostChangePasswordEvent(secrets) : samplePostChallengeEvent(secrets);
}
