// Client credentials for the tenant's own APIs (Auth0's machine-to-machine applications), through
// openid-client against the real token endpoint: the provider's HTTP front, the Management API's
// token handler behind it, as server.ts mounts them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as client from "openid-client";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownSandbox } from "@/lib/actions";
import { clearDiscoveryCache } from "@/lib/actions/discover";
import { createApplication, createResourceServer, setClientGrant } from "@/lib/applications";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { startServer } from "@/lib/oidc/testing/provider-server";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { handleTokenRequest } from ".";

const INVOICES = "https://invoices.example/api";
const REPORTS = "https://reports.example/api";

let actionsDir: string;
beforeAll(() => {
  actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-api-tokens-"));
});
afterAll(async () => {
  overrideConfig({});
  await shutdownSandbox();
  fs.rmSync(actionsDir, { recursive: true, force: true });
});

function putAction(name: string, source: string | null) {
  const dir = path.join(actionsDir, "credentials-exchange");
  fs.mkdirSync(dir, { recursive: true });
  if (source === null) fs.rmSync(path.join(dir, name), { force: true });
  else fs.writeFileSync(path.join(dir, name), source);
  clearDiscoveryCache();
}

/** The OAuth error openid-client surfaced: its status, code and description. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(client.ResponseBodyError);
  const e = error as client.ResponseBodyError;
  return { status: e.status, error: e.error, description: e.error_description };
}

describe.each(testDatabaseKinds())("client credentials for an API, with openid-client (%s)", (kind) => {
  useTestDatabase(kind);
  let server: Awaited<ReturnType<typeof startServer>>;
  let machine: { id: string; rp: client.Configuration };

  async function relyingParty(clientId: string, secret: string) {
    return client.discovery(new URL(server.issuer), clientId, undefined, client.ClientSecretPost(secret), { execute: [client.allowInsecureRequests] });
  }

  async function verify(token: string) {
    const jwks = createLocalJWKSet((await (await fetch(`${server.origin}/.well-known/jwks.json`)).json()) as never);
    return jwtVerify(token, jwks, { issuer: server.issuer, audience: INVOICES });
  }

  beforeAll(async () => {
    server = await startServer({ clientCredentials: handleTokenRequest });
    overrideConfig({ PUBLIC_URL: server.origin, ACTIONS_DIR: actionsDir });
    await createResourceServer({
      name: "Invoices",
      identifier: INVOICES,
      signing_alg: "ES256",
      token_lifetime: 600,
      scopes: ["read:invoices", "write:invoices", "delete:invoices"].map((value) => ({ value, description: "" })),
    });
    await createResourceServer({ name: "Reports", identifier: REPORTS, scopes: [{ value: "read:reports", description: "" }] });
    const { application, clientSecret } = await createApplication({ name: "Billing worker", app_type: "non_interactive" });
    // delete:everything is not a scope of the API: it never reaches a token.
    await setClientGrant(application.id, INVOICES, ["read:invoices", "write:invoices", "delete:everything"]);
    machine = { id: application.id, rp: await relyingParty(application.id, clientSecret!) };
  });
  afterAll(async () => {
    await server?.close();
  });

  it("issues a JWT for the API, signed with the tenant's key of the API's algorithm, with the granted scopes", async () => {
    const all = await client.clientCredentialsGrant(machine.rp, { audience: INVOICES });
    expect(all).toMatchObject({ token_type: "bearer", expires_in: 600, scope: "read:invoices write:invoices" });
    expect(decodeProtectedHeader(all.access_token)).toMatchObject({ alg: "ES256", typ: "JWT", kid: expect.any(String) });
    const { payload } = await verify(all.access_token);
    expect(payload).toMatchObject({ sub: `${machine.id}@clients`, azp: machine.id, gty: "client-credentials", scope: "read:invoices write:invoices" });
    expect(payload.exp! - payload.iat!).toBe(600);

    const one = await client.clientCredentialsGrant(machine.rp, { audience: INVOICES, scope: "read:invoices" });
    expect(one.scope).toBe("read:invoices");
    expect((await verify(one.access_token)).payload.scope).toBe("read:invoices");
    const db = await prisma();
    const logged = await db.logEvent.findMany({ where: { type: "seccft" } });
    expect(logged.filter((l) => (l.details as { audience?: string }).audience === INVOICES)).toHaveLength(2);
  });

  it("refuses, in Auth0's words, a scope not granted, an API without a grant, an unknown API and an application without the grant type", async () => {
    expect(await refusal(client.clientCredentialsGrant(machine.rp, { audience: INVOICES, scope: "read:invoices delete:invoices" }))).toEqual({
      status: 403,
      error: "access_denied",
      description: "Client has not been granted scopes: delete:invoices",
    });
    expect(await refusal(client.clientCredentialsGrant(machine.rp, { audience: REPORTS }))).toEqual({
      status: 403,
      error: "access_denied",
      description: `Client is not authorized to access "${REPORTS}". You need to create a "client-grant" associated to this API.`,
    });
    expect(await refusal(client.clientCredentialsGrant(machine.rp, { audience: "https://nowhere.example/" }))).toEqual({
      status: 403,
      error: "access_denied",
      description: "Service not enabled within domain: https://nowhere.example/",
    });
    const web = await createApplication({ name: "Web app", app_type: "regular_web", callbacks: ["http://localhost:3001/cb"] });
    await setClientGrant(web.application.id, INVOICES, ["read:invoices"]);
    const webRp = await relyingParty(web.application.id, web.clientSecret!);
    expect(await refusal(client.clientCredentialsGrant(webRp, { audience: INVOICES }))).toEqual({
      status: 403,
      error: "unauthorized_client",
      description: "Grant type 'client_credentials' not allowed for the client.",
    });
  });

  it("runs the credentials-exchange Actions for an API's token: custom claims, and a deny", async () => {
    putAction(
      "10-claims.js",
      `exports.onExecuteCredentialsExchange = async (event, api) => {
        if (event.request.body.client_secret !== undefined) throw new Error("the secret reached the Action");
        if (event.transaction.requested_scopes.includes("write:invoices")) return api.access.deny("invalid_scope", "No writes from here.");
        api.accessToken.setCustomClaim("https://invoices.example/api/audience", event.resource_server.identifier);
        api.accessToken.setCustomClaim("aud", "https://forged.example/");
      };`,
    );
    try {
      const tokens = await client.clientCredentialsGrant(machine.rp, { audience: INVOICES, scope: "read:invoices" });
      const { payload } = await verify(tokens.access_token);
      expect(payload["https://invoices.example/api/audience"]).toBe(INVOICES);
      expect(payload.aud).toBe(INVOICES);
      expect(await refusal(client.clientCredentialsGrant(machine.rp, { audience: INVOICES, scope: "write:invoices" }))).toEqual({
        status: 400,
        error: "invalid_scope",
        description: "No writes from here.",
      });
    } finally {
      putAction("10-claims.js", null);
    }
  });
});
