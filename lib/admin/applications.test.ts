import { describe, expect, it } from "vitest";
import { applicationUrlProblems, createApplication, createResourceServer, grantApiToApplication, listClientGrants, updateApplication } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { handleForm } from "@/lib/http";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { apiCreateFormSchema, apiGrantFormSchema, applicationCreateFormSchema, applicationEditFormSchema, applicationPatchOf } from ".";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

const EDIT = {
  clientId: "app-client-0001",
  name: "Shop",
  app_type: "regular_web",
  callbacks: "https://shop.example/cb\nhttp://localhost:3001/cb",
  token_endpoint_auth_method: "client_secret_post",
  id_token_signed_response_alg: "RS256",
  refresh_token_rotation: "rotating",
  id_token_lifetime: "3600",
  access_token_lifetime: "3600",
  refresh_token_lifetime: "86400",
};

describe.each(testDatabaseKinds())("the console's application and API forms (%s)", (kind) => {
  useTestDatabase(kind);

  it("refuses hostile form input field by field, writing nothing", async () => {
    const db = await prisma();
    const before = await db.application.count();
    const create = (values: Record<string, string>) => handleForm(applicationCreateFormSchema, form(values), async (input) => void (await createApplication(input)));
    expect(await create({})).toMatchObject({ ok: false, fields: { name: expect.any(String), app_type: expect.any(String) } });
    expect(await create({ name: "A\u0000B", app_type: "spa" })).toMatchObject({ ok: false, fields: { name: expect.any(String) } });
    expect(await create({ name: "x", app_type: "mainframe" })).toMatchObject({ ok: false, fields: { app_type: expect.any(String) } });
    expect(await create({ name: "x", app_type: "spa", callbacks: "javascript:alert(1)" })).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { "callbacks.0": expect.any(String) } });
    expect(await create({ name: "x", app_type: "spa", callbacks: "https://a.example/#x" })).toMatchObject({ ok: false, fields: { "callbacks.0": expect.any(String) } });
    expect(await create({ name: "x", app_type: "spa", callbacks: Array.from({ length: 101 }, (_, i) => `https://a.example/${i}`).join("\n") })).toMatchObject({ ok: false, fields: { callbacks: expect.any(String) } });
    const edit = (values: Record<string, string>) => handleForm(applicationEditFormSchema, form({ ...EDIT, ...values }), async () => ({ ok: true }));
    expect(await edit({ clientId: "../x" })).toMatchObject({ ok: false, fields: { clientId: expect.any(String) } });
    expect(await edit({ id_token_lifetime: "1" })).toMatchObject({ ok: false, fields: { id_token_lifetime: expect.any(String) } });
    expect(await edit({ id_token_lifetime: "abc" })).toMatchObject({ ok: false, fields: { id_token_lifetime: expect.any(String) } });
    expect(await edit({ id_token_signed_response_alg: "none" })).toMatchObject({ ok: false, fields: { id_token_signed_response_alg: expect.any(String) } });
    expect(await edit({ token_endpoint_auth_method: "private_key_jwt" })).toMatchObject({ ok: false, fields: { token_endpoint_auth_method: expect.any(String) } });
    const api = (values: Record<string, string>) => handleForm(apiCreateFormSchema, form({ signing_alg: "RS256", token_lifetime: "600", ...values }), async (input) => void (await createResourceServer(input)));
    expect(await api({ name: "x", identifier: "not a uri" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await api({ name: "x", identifier: "https://a.example/", scopes: "a\na" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await handleForm(apiGrantFormSchema, form({ apiId: "zz", clientId: "x" }), async () => ({ ok: true }))).toMatchObject({ ok: false, fields: { apiId: expect.any(String) } });
    expect(await db.application.count()).toBe(before);
    expect(await db.resourceServer.count()).toBe(0);
  });

  it("edits every setting of an application, and https is required outside loopback in production", async () => {
    const { application } = await createApplication({ name: "Shop", app_type: "regular_web", client_id: EDIT.clientId });
    const parsed = applicationEditFormSchema.parse(Object.fromEntries(form({ ...EDIT, is_first_party: "on", backchannel_logout_uri: "https://shop.example/bc", id_token_signed_response_alg: "EdDSA" })));
    const { application: updated } = await updateApplication(application.id, applicationPatchOf(parsed));
    const production = { production: true, appType: "regular_web" } as const;
    expect(Object.keys(applicationUrlProblems({ callbacks: ["http://shop.example/cb", "http://127.0.0.1:3001/cb", "http://localhost/cb"], backchannel_logout_uri: "http://shop.example/bc" }, production))).toEqual(["callbacks.0", "backchannel_logout_uri"]);
    expect(updated).toMatchObject({ callbacks: ["https://shop.example/cb", "http://localhost:3001/cb"], idTokenSignedResponseAlg: "EdDSA", idTokenLifetimeSec: 3600, refreshTokenLifetimeSec: 86400, backchannelLogoutUri: "https://shop.example/bc", isFirstParty: true });
  });

  it("grants an application only scopes the API defines", async () => {
    const { application } = await createApplication({ name: "Grantee", app_type: "regular_web" });
    const api = await createResourceServer({ name: "Invoices", identifier: "https://invoices.example/", scopes: [{ value: "read:invoices", description: "" }] });
    await expect(grantApiToApplication(api.id, application.id, ["write:invoices"])).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(grantApiToApplication(api.id, "no-such-app", ["read:invoices"])).rejects.toMatchObject({ code: "NOT_FOUND" });
    await grantApiToApplication(api.id, application.id, ["read:invoices"]);
    expect((await listClientGrants({ clientId: application.id })).map((g) => [g.audience, g.scope])).toEqual([["https://invoices.example/", ["read:invoices"]]]);
  });
});
