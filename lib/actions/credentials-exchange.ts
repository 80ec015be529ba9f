import crypto from "node:crypto";
import { config } from "@/lib/config";
import type { CredentialsExchangeEvent } from "./types";
import { eventRequest } from "./events/user";
import { isProtectedClaim } from "./protected-claims";
import { runInOrder } from "./run-in-order";
import { credentialsExchangeCommandSchema } from "./sandbox";

/** What credentials-exchange sees: the client, the audience, the scopes about to be granted, the request. */
export type CredentialsExchangeFacts = {
  client: { id: string; name: string; metadata?: Record<string, string> };
  audience: string;
  scopes: string[];
  requestedScopes: string[];
  request: { ip: string; hostname?: string; userAgent?: string; language?: string; method: string; body: Record<string, unknown> };
};

export type CredentialsExchangeOutcome =
  | { kind: "allowed"; claims: Record<string, unknown>; ignoredClaims: string[] }
  | { kind: "denied"; action: string; code: "invalid_scope" | "invalid_request" | "server_error"; reason: string }
  | { kind: "failed"; action: string; message: string };

export function buildCredentialsExchangeEvent(facts: CredentialsExchangeFacts, secrets: Record<string, string>): CredentialsExchangeEvent {
  const body = { ...facts.request.body };
  delete body.client_secret;
  return {
    accessToken: { customClaims: {}, scope: [...facts.scopes] },
    client: { client_id: facts.client.id, name: facts.client.name, metadata: facts.client.metadata ?? {} },
    // The client's secret never reaches Action code.
    request: { ...eventRequest(facts.request), body },
    resource_server: { identifier: facts.audience },
    tenant: { id: config().TENANT_NAME },
    transaction: { requested_scopes: [...facts.requestedScopes] },
    secrets: { ...secrets },
    configuration: {},
  } as CredentialsExchangeEvent;
}

/**
 * The credentials-exchange Actions, before a client-credentials token is signed: in file order,
 * stopping at the first deny. Claims under a protected name are ignored, as Auth0 does.
 */
export async function runCredentialsExchange(facts: CredentialsExchangeFacts): Promise<CredentialsExchangeOutcome> {
  const outcome = await runInOrder({
    trigger: "credentials-exchange",
    exportName: "onExecuteCredentialsExchange",
    schema: credentialsExchangeCommandSchema,
    event: (secrets) => buildCredentialsExchangeEvent(facts, secrets),
    deliveryId: `cc-${crypto.randomUUID()}`,
    stopsAfter: (c) => c.type === "access.deny",
  });
  if (outcome.kind === "failed") return outcome;
  const claims: Record<string, unknown> = {};
  const ignoredClaims: string[] = [];
  for (const { action, commands } of outcome.commands) {
    for (const command of commands) {
      if (command.type === "access.deny") return { kind: "denied", action, code: command.code, reason: command.reason };
      if (command.type !== "accessToken.setCustomClaim") continue;
      if (isProtectedClaim(command.name, "access_token")) ignoredClaims.push(command.name);
      else claims[command.name] = command.value;
    }
  }
  return { kind: "allowed", claims, ignoredClaims };
}
