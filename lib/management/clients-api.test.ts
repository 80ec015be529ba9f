// /api/v2/clients and /api/v2/resource-servers through the official auth0 SDK (ManagementClient, over TLS on loopback as in
// auth0-sdk.test.ts), and hostile bodies straight at the route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { ManagementClient, ManagementError } from "auth0";
import { findApplication } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { hashToken } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { callRoute, expectAuth0Error } from "@/lib/testing/management-api";
import { useAuth0SdkServer } from "@/lib/testing/auth0-sdk-server";
import type { RouteModule } from "@/lib/testing/route-server";
import * as tokenRoute from "@/app/oauth/token/route";
import * as clientsRoute from "@/app/api/v2/clients/route";
import * as clientRoute from "@/app/api/v2/clients/[id]/route";
import * as rotateRoute from "@/app/api/v2/clients/[id]/rotate-secret/route";
import * as apisRoute from "@/app/api/v2/resource-servers/route";
import * as apiRoute from "@/app/api/v2/resource-servers/[id]/route";
import { createMachineClient, MANAGEMENT_SCOPES, type ManagementScope } from ".";

const ROUTES: Array<[string, RouteModule]> = [
  ["/oauth/token", tokenRoute],
  ["/api/v2/clients/[id]/rotate-secret", rotateRoute],
  ["/api/v2/clients/[id]", clientRoute],
  ["/api/v2/clients", clientsRoute],
  ["/api/v2/resource-servers/[id]", apiRoute],
  ["/api/v2/resource-servers", apisRoute],
];

const ALL = MANAGEMENT_SCOPES.filter((s) => s !== "update:admin_users");

describe.each(testDatabaseKinds())("/api/v2/clients with the auth0 SDK (%s)", (kind) => {
  useTestDatabase(kind);
  const server = useAuth0SdkServer(ROUTES);
  let management: ManagementClient;

  beforeAll(async () => {
    ({ management } = await server.managementClient(ALL, "SDK clients"));
  });

  /** A new machine client holding `scopes`, and a token for them at this server's audience. */
  async function tokenFor(scopes: ManagementScope[], name: string) {
    const { client, clientSecret } = await createMachineClient({ name, scopes }, { id: "test-admin", kind: "admin" }, testRequestContext());
    const res = await callRoute(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: client.id, client_secret: clientSecret, audience: `${server.origin}/api/v2/` } });
    expect(res.status).toBe(200);
    return { token: res.json.access_token as string };
  }

  it("creates, reads, lists, updates, rotates the secret of and deletes an application in Auth0's shape", async () => {
    const created = await management.clients.create({
      name: "Billing",
      app_type: "regular_web",
      callbacks: ["https://billing.example/callback"],
      allowed_logout_urls: ["https://billing.example/"],
      web_origins: ["https://billing.example"],
      initiate_login_uri: "https://billing.example/login",
      jwt_configuration: { alg: "ES256" as never, lifetime_in_seconds: 600 },
      refresh_token: { rotation_type: "non-rotating", expiration_type: "expiring", token_lifetime: 86400 },
      oidc_logout: { backchannel_logout_urls: ["https://billing.example/backchannel"] },
    });
    expect(created.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(typeof created.client_secret).toBe("string");
    expect(created).toMatchObject({
      name: "Billing",
      app_type: "regular_web",
      is_first_party: true,
      grant_types: ["authorization_code", "refresh_token"],
      token_endpoint_auth_method: "client_secret_post",
      jwt_configuration: { alg: "ES256", lifetime_in_seconds: 600 },
      refresh_token: { rotation_type: "non-rotating", token_lifetime: 86400 },
      oidc_logout: { backchannel_logout_urls: ["https://billing.example/backchannel"] },
      initiate_login_uri: "https://billing.example/login",
    });
    const id = created.client_id!;

    const fetched = await management.clients.get(id);
    expect(fetched.callbacks).toEqual(["https://billing.example/callback"]);
    expect(fetched.client_secret).toBe(created.client_secret);

    const page = await management.clients.list({ app_type: "regular_web" as never });
    expect(page.data.map((c) => c.client_id)).toContain(id);
    expect(page.data.every((c) => c.app_type === "regular_web")).toBe(true);

    const updated = await management.clients.update(id, { name: "Billing v2", callbacks: ["https://billing.example/cb2"], is_first_party: false });
    expect(updated).toMatchObject({ name: "Billing v2", callbacks: ["https://billing.example/cb2"], is_first_party: false, allowed_logout_urls: ["https://billing.example/"] });

    const rotated = await management.clients.rotateSecret(id);
    expect(typeof rotated.client_secret).toBe("string");
    expect(rotated.client_secret).not.toBe(created.client_secret);
    expect((await management.clients.get(id)).client_secret).toBe(rotated.client_secret);

    await management.clients.delete(id);
    const gone = await management.clients.get(id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ManagementError);
    expect((gone as ManagementError).statusCode).toBe(404);
    expect(((gone as ManagementError).body as { errorCode?: string }).errorCode).toBe("inexistent_client");
  });

  // Right after the other SDK test: an SDK connection idle past the server's keep-alive timeout
  // can be reset as it is reused (seen when this test ran after the slower hostile ones).
  it("creates, reads, lists, updates and deletes an API (resource server) in Auth0's shape", async () => {
    const created = await management.resourceServers.create({
      name: "Invoices",
      identifier: "https://invoices.example/api",
      scopes: [{ value: "read:invoices", description: "Read invoices" }],
      signing_alg: "RS256",
      token_lifetime: 3600,
    });
    expect(created).toMatchObject({ name: "Invoices", identifier: "https://invoices.example/api", scopes: [{ value: "read:invoices", description: "Read invoices" }], token_lifetime: 3600, is_system: false });
    const id = created.id!;
    expect((await management.resourceServers.get(id)).identifier).toBe("https://invoices.example/api");
    expect((await management.resourceServers.get(encodeURIComponent("https://invoices.example/api"))).id).toBe(id);
    const updated = await management.resourceServers.update(id, { scopes: [{ value: "read:invoices", description: "" }, { value: "write:invoices", description: "" }], token_lifetime: 600 });
    expect(updated.scopes!.map((s) => s.value)).toEqual(["read:invoices", "write:invoices"]);
    expect(updated.token_lifetime).toBe(600);
    const list = await management.resourceServers.list();
    expect(list.data.map((r) => r.id)).toContain(id);
    const duplicate = await management.resourceServers.create({ name: "Again", identifier: "https://invoices.example/api" }).catch((e: unknown) => e);
    expect((duplicate as ManagementError).statusCode).toBe(409);
    await management.resourceServers.delete(id);
    expect(((await management.resourceServers.get(id).catch((e: unknown) => e)) as ManagementError).statusCode).toBe(404);
  });

  it("shows and rotates secrets only for read:client_keys / update:client_keys, and never a stronger client's", async () => {
    const reader = await tokenFor(["read:clients"], "reader");
    const target = await createMachineClient({ name: "strong", scopes: ["read:users", "delete:users"] }, { id: "test-admin", kind: "admin" }, testRequestContext());
    const plain = await callRoute(clientRoute.GET, `/api/v2/clients/${target.client.id}`, { token: reader.token }, { id: target.client.id });
    expect(plain.status).toBe(200);
    expect(plain.json.client_secret).toBe(undefined);
    expect(plain.json.app_type).toBe("non_interactive");

    const weakKeys = await tokenFor(["read:clients", "read:client_keys", "update:client_keys", "read:users"], "weak keys");
    const hidden = await callRoute(clientRoute.GET, `/api/v2/clients/${target.client.id}`, { token: weakKeys.token }, { id: target.client.id });
    expect(hidden.json.client_secret).toBe(undefined);
    const rotate = await callRoute(rotateRoute.POST, `/api/v2/clients/${target.client.id}/rotate-secret`, { token: weakKeys.token, method: "POST" }, { id: target.client.id });
    expectAuth0Error(rotate, 403, "insufficient_scope");

    const noRotate = await callRoute(rotateRoute.POST, `/api/v2/clients/${target.client.id}/rotate-secret`, { token: reader.token, method: "POST" }, { id: target.client.id });
    expectAuth0Error(noRotate, 403, "insufficient_scope");
  });

  it("keeps a migrated client's hashed secret working until it is rotated", async () => {
    const db = await prisma();
    const { client } = await createMachineClient({ name: "legacy", scopes: ["read:clients"] }, { id: "test-admin", kind: "admin" }, testRequestContext());
    await db.application.update({ where: { id: client.id }, data: { sealedSecret: null, secretHash: hashToken("legacy-secret-0123456789") } });
    const token = await callRoute(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: client.id, client_secret: "legacy-secret-0123456789", audience: `${server.origin}/api/v2/` } });
    expect(token.status).toBe(200);
    const wrong = await callRoute(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: client.id, client_secret: "legacy-secret-0123456788", audience: `${server.origin}/api/v2/` } });
    expect(wrong.status).toBe(401);
    expect((await findApplication(client.id))!.secretHash).not.toBe(null);
  });

  it("refuses hostile input with Auth0's error shape and stable codes, writing nothing", async () => {
    const { token } = await tokenFor([...ALL], "hostile");
    const db = await prisma();
    const before = await db.application.count();
    const post = (body: unknown) => callRoute(clientsRoute.POST, "/api/v2/clients", { token, body });
    expectAuth0Error(await post({}), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", app_type: "mainframe" }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", unknown_field: 1 }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x\u0000y" }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", callbacks: ["javascript:alert(1)"] }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", callbacks: ["https://a.example/cb#frag"] }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", callbacks: "https://a.example" }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", web_origins: ["https://a.example/path"] }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", callbacks: Array.from({ length: 101 }, (_, i) => `https://a.example/${i}`) }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", jwt_configuration: { alg: "none" } }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", jwt_configuration: { alg: "HS256" } }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", oidc_logout: { backchannel_logout_urls: ["ftp://a.example/"] } }), 400, "invalid_body");
    expectAuth0Error(await callRoute(clientsRoute.POST, "/api/v2/clients", { token, raw: "{not json", headers: { "content-type": "application/json" } }), 400);
    expectAuth0Error(await callRoute(clientsRoute.GET, "/api/v2/clients?per_page=1000", { token }), 400, "invalid_query_string");
    expectAuth0Error(await callRoute(clientsRoute.GET, "/api/v2/clients?app_type=mainframe", { token }), 400, "invalid_query_string");
    for (const id of ["nope", "../users", "x".repeat(500), "%00"]) {
      expectAuth0Error(await callRoute(clientRoute.GET, `/api/v2/clients/${encodeURIComponent(id)}`, { token }, { id }), 404, "inexistent_client");
      expectAuth0Error(await callRoute(clientRoute.PATCH, `/api/v2/clients/${encodeURIComponent(id)}`, { token, method: "PATCH", body: { name: "y" } }, { id }), 404, "inexistent_client");
      expectAuth0Error(await callRoute(clientRoute.DELETE, `/api/v2/clients/${encodeURIComponent(id)}`, { token, method: "DELETE" }, { id }), 404, "inexistent_client");
    }
    expectAuth0Error(await callRoute(clientsRoute.GET, "/api/v2/clients", {}), 401);
    const reader = await tokenFor(["read:users"], "no clients scope");
    expectAuth0Error(await callRoute(clientsRoute.POST, "/api/v2/clients", { token: reader.token, body: { name: "x" } }), 403, "insufficient_scope");
    expect(await db.application.count()).toBe(before + 1);
  });

  it("refuses hostile API definitions with Auth0's error shape", async () => {
    const { token } = await tokenFor([...ALL], "hostile apis");
    const post = (body: unknown) => callRoute(apisRoute.POST, "/api/v2/resource-servers", { token, body });
    expectAuth0Error(await post({ name: "x" }), 400, "invalid_body");
    for (const identifier of ["not a uri", "https://a.example/api#frag", "javascript:alert(1)", "https://user:pw@a.example/", "x".repeat(700)]) {
      expectAuth0Error(await post({ name: "x", identifier }), 400, "invalid_body");
    }
    expectAuth0Error(await post({ name: "x", identifier: "https://a.example/", scopes: [{ value: "a b" }] }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", identifier: "https://a.example/", scopes: [{ value: "a" }, { value: "a" }] }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", identifier: "https://a.example/", signing_alg: "HS256" }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "x", identifier: "https://a.example/", is_system: true }), 400, "invalid_body");
    expectAuth0Error(await post({ name: "Management", identifier: `${server.origin}/api/v2/` }), 409, "conflict");
    for (const id of ["nope", "%E0%A4%A", "x".repeat(700)]) {
      expectAuth0Error(await callRoute(apiRoute.GET, `/api/v2/resource-servers/${id}`, { token }, { id }), 404, "inexistent_resource_server");
      expectAuth0Error(await callRoute(apiRoute.DELETE, `/api/v2/resource-servers/${id}`, { token, method: "DELETE" }, { id }), 404, "inexistent_resource_server");
    }
    const reader = await tokenFor(["read:clients"], "no api scope");
    expectAuth0Error(await callRoute(apisRoute.GET, "/api/v2/resource-servers", { token: reader.token }), 403, "insufficient_scope");
  });
});
