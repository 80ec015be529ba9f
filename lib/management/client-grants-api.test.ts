// /api/v2/client-grants through the official auth0 SDK (ManagementClient over TLS on loopback), and
// hostile input straight at the route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { ManagementError, type ManagementClient } from "auth0";
import { createApplication, createResourceServer, listClientGrants } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { callRoute, expectAuth0Error } from "@/lib/testing/management-api";
import { useAuth0SdkServer } from "@/lib/testing/auth0-sdk-server";
import type { RouteModule } from "@/lib/testing/route-server";
import * as tokenRoute from "@/app/oauth/token/route";
import * as grantsRoute from "@/app/api/v2/client-grants/route";
import * as grantRoute from "@/app/api/v2/client-grants/[id]/route";
import { MANAGEMENT_SCOPES } from ".";

const ROUTES: Array<[string, RouteModule]> = [
  ["/oauth/token", tokenRoute],
  ["/api/v2/client-grants/[id]", grantRoute],
  ["/api/v2/client-grants", grantsRoute],
];

const ALL = MANAGEMENT_SCOPES.filter((s) => s !== "update:admin_users");
const INVOICES = "https://invoices.example/api";

describe.each(testDatabaseKinds())("/api/v2/client-grants with the auth0 SDK (%s)", (kind) => {
  useTestDatabase(kind);
  const server = useAuth0SdkServer(ROUTES);
  let management: ManagementClient;
  let callerId: string;

  beforeAll(async () => {
    ({ management, clientId: callerId } = await server.managementClient(ALL, "SDK grants"));
    await createResourceServer({ name: "Invoices", identifier: INVOICES, scopes: [{ value: "read:invoices", description: "" }, { value: "write:invoices", description: "" }] });
  });

  async function machineApp(name: string) {
    return (await createApplication({ name, app_type: "non_interactive" })).application.id;
  }

  /** A bearer token of a new machine client holding `scopes`. */
  async function tokenFor(scopes: readonly (typeof MANAGEMENT_SCOPES)[number][]) {
    const { clientId, clientSecret } = await server.managementClient(scopes, "token");
    const res = await callRoute(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, audience: `${server.origin}/api/v2/` } });
    expect(res.status).toBe(200);
    return res.json.access_token as string;
  }

  it("creates, reads, lists by audience and client, updates the scope of and deletes a grant in Auth0's shape", async () => {
    const clientId = await machineApp("Billing worker");
    const created = await management.clientGrants.create({ client_id: clientId, audience: INVOICES, scope: ["read:invoices"] });
    expect(created).toMatchObject({ id: expect.stringMatching(/^cgr_[0-9a-f]{24}$/), client_id: clientId, audience: INVOICES, scope: ["read:invoices"], is_system: false, subject_type: "client" });
    const id = created.id!;
    expect(await management.clientGrants.get(id)).toEqual(created);

    const byAudience = await management.clientGrants.list({ audience: INVOICES });
    expect(byAudience.data.map((g) => g.id)).toEqual([id]);
    const byClient = await management.clientGrants.list({ client_id: clientId });
    expect(byClient.data.map((g) => [g.audience, g.scope])).toEqual([[INVOICES, ["read:invoices"]]]);
    // The Management API's own grants appear under its URL, as on Auth0.
    const mine = await management.clientGrants.list({ client_id: callerId });
    expect(mine.data.map((g) => g.audience)).toEqual([`${server.origin}/api/v2/`]);
    expect((await management.clientGrants.list({ audience: `${server.origin}/api/v2/`, client_id: callerId })).data).toHaveLength(1);

    const updated = await management.clientGrants.update(id, { scope: ["read:invoices", "write:invoices"] });
    expect(updated.scope).toEqual(["read:invoices", "write:invoices"]);
    expect((await listClientGrants({ clientId }))[0]!.scope).toEqual(["read:invoices", "write:invoices"]);

    const again = await management.clientGrants.create({ client_id: clientId, audience: INVOICES, scope: [] }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ManagementError);
    expect((again as ManagementError).statusCode).toBe(409);
    expect(((again as ManagementError).body as { errorCode?: string }).errorCode).toBe("conflict");

    await management.clientGrants.delete(id);
    const gone = (await management.clientGrants.get(id).catch((e: unknown) => e)) as ManagementError;
    expect(gone.statusCode).toBe(404);
    expect((gone.body as { errorCode?: string }).errorCode).toBe("inexistent_client_grant");
    expect(await listClientGrants({ clientId })).toEqual([]);
  });

  it("pages with from/take (the SDK's checkpoints) and with page/per_page/include_totals", async () => {
    const clientId = await machineApp("Pager");
    const apis = ["https://a.example/", "https://b.example/", "https://c.example/"];
    for (const identifier of apis) {
      await createResourceServer({ name: identifier, identifier });
      await management.clientGrants.create({ client_id: clientId, audience: identifier, scope: [] });
    }
    const seen: string[] = [];
    for await (const grant of await management.clientGrants.list({ client_id: clientId, take: 2 })) seen.push(grant.audience!);
    expect(seen.sort()).toEqual(apis);
    const first = await management.clientGrants.list({ client_id: clientId, take: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.hasNextPage()).toBe(true);

    const { token } = { token: await tokenFor(["read:client_grants"]) };
    const page = await callRoute(grantsRoute.GET, `/api/v2/client-grants?client_id=${clientId}&page=1&per_page=2&include_totals=true`, { token });
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ start: 2, limit: 2, length: 1, total: 3 });
    const bare = await callRoute(grantsRoute.GET, `/api/v2/client-grants?client_id=${clientId}`, { token });
    expect(Array.isArray(bare.json)).toBe(true);
    expect((bare.json as unknown as unknown[]).length).toBe(3);
  });

  it("never lets a client grant Management API scopes it does not hold, nor an admin-only one", async () => {
    const weak = await tokenFor(["create:client_grants", "update:client_grants", "read:users"]);
    const target = await machineApp("Target");
    const post = (scope: string[]) => callRoute(grantsRoute.POST, "/api/v2/client-grants", { token: weak, body: { client_id: target, audience: `${server.origin}/api/v2/`, scope } });
    expectAuth0Error(await post(["read:users", "delete:users"]), 403, "insufficient_scope");
    expectAuth0Error(await post(["update:admin_users"]), 403, "insufficient_scope");
    expect(await listClientGrants({ clientId: target })).toEqual([]);
    const ok = await post(["read:users"]);
    expect(ok.status).toBe(201);
    const raise = await callRoute(grantRoute.PATCH, `/api/v2/client-grants/${ok.json.id as string}`, { token: weak, method: "PATCH", body: { scope: ["read:users", "create:clients"] } }, { id: ok.json.id as string });
    expectAuth0Error(raise, 403, "insufficient_scope");
    expect((await listClientGrants({ clientId: target }))[0]!.scope).toEqual(["read:users"]);
  });

  it("refuses hostile input with Auth0's error shape and stable codes, writing nothing", async () => {
    const token = await tokenFor(ALL);
    const db = await prisma();
    const clientId = await machineApp("Hostile");
    const before = await db.clientGrant.count();
    const post = (body: unknown) => callRoute(grantsRoute.POST, "/api/v2/client-grants", { token, body });
    expectAuth0Error(await post({}), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: INVOICES, scope: "read:invoices" }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: INVOICES, scope: ["read:invoices"], extra: 1 }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: INVOICES, scope: ["a\u0000b"] }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: INVOICES, scope: ["delete:everything"] }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: INVOICES, organization_usage: "require" }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: `${server.origin}/api/v2/`, scope: ["read:nothing"] }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: "nope", audience: INVOICES, scope: [] }), 404, "inexistent_client");
    expectAuth0Error(await post({ client_id: "../x\u0000", audience: INVOICES, scope: [] }), 400, "invalid_body");
    expectAuth0Error(await post({ client_id: clientId, audience: "https://unknown.example/", scope: [] }), 404, "inexistent_resource_server");
    expectAuth0Error(await post({ client_id: clientId, audience: "x".repeat(700), scope: [] }), 400, "invalid_body");
    expectAuth0Error(await callRoute(grantsRoute.POST, "/api/v2/client-grants", { token, raw: "{not json", headers: { "content-type": "application/json" } }), 400);
    for (const query of ["per_page=1000", "take=0", "take=101", "from=nope", "from=cgr_%00", "subject_type=user", "allow_any_organization=true", "audience=a&audience=b", "bogus=1"]) {
      expectAuth0Error(await callRoute(grantsRoute.GET, `/api/v2/client-grants?${query}`, { token }), 400, "invalid_query_string");
    }
    for (const id of ["nope", "cgr_000000000000000000000000", "../users", "x".repeat(500), "%00"]) {
      expectAuth0Error(await callRoute(grantRoute.GET, `/api/v2/client-grants/${encodeURIComponent(id)}`, { token }, { id }), 404, "inexistent_client_grant");
      expectAuth0Error(await callRoute(grantRoute.PATCH, `/api/v2/client-grants/${encodeURIComponent(id)}`, { token, method: "PATCH", body: { scope: [] } }, { id }), 404, "inexistent_client_grant");
      expectAuth0Error(await callRoute(grantRoute.DELETE, `/api/v2/client-grants/${encodeURIComponent(id)}`, { token, method: "DELETE" }, { id }), 404, "inexistent_client_grant");
    }
    expect(await db.clientGrant.count()).toBe(before);
    expectAuth0Error(await callRoute(grantsRoute.GET, "/api/v2/client-grants", {}), 401);
    const reader = await tokenFor(["read:clients"]);
    expectAuth0Error(await callRoute(grantsRoute.GET, "/api/v2/client-grants", { token: reader }), 403, "insufficient_scope");
    expectAuth0Error(await callRoute(grantsRoute.POST, "/api/v2/client-grants", { token: reader, body: { client_id: clientId, audience: INVOICES, scope: [] } }), 403, "insufficient_scope");
  });
});
