// The official auth0 SDK (v5 ManagementClient) importing users into Rekey and reading the job back,
// over TLS on loopback as auth0-sdk.test.ts does.
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import bcryptjs from "bcryptjs";
import { describe, expect, it } from "vitest";
import { ManagementError } from "auth0";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { createWorker, silentLogger } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { defaultConnectionId, signInWithPassword } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { useAuth0SdkServer } from "@/lib/testing/auth0-sdk-server";
import type { RouteModule } from "@/lib/testing/route-server";
import * as tokenRoute from "@/app/oauth/token/route";
import * as importsRoute from "@/app/api/v2/jobs/users-imports/route";
import * as jobRoute from "@/app/api/v2/jobs/[id]/route";
import * as exportsRoute from "@/app/api/v2/jobs/users-exports/route";
import * as downloadRoute from "@/app/api/v2/jobs/[id]/download/route";
import * as consoleUploadRoute from "@/app/admin/import/upload/route";
import * as jobErrorsRoute from "@/app/api/v2/jobs/[id]/errors/route";
import * as connectionsRoute from "@/app/api/v2/connections/route";
import { createMachineClient, MANAGEMENT_SCOPES } from ".";

const ROUTES: Array<[string, RouteModule]> = [
  ["/oauth/token", tokenRoute],
  ["/api/v2/jobs/users-imports", importsRoute],
  ["/api/v2/jobs/users-exports", exportsRoute],
  ["/api/v2/jobs/[id]/errors", jobErrorsRoute],
  ["/api/v2/jobs/[id]/download", downloadRoute],
  ["/api/v2/jobs/[id]", jobRoute],
  ["/api/v2/connections", connectionsRoute],
  ["/admin/import/upload", consoleUploadRoute],
];

describe.each(testDatabaseKinds())("users import through the auth0 SDK on %s", (kind) => {
  useTestDatabase(kind);
  const server = useAuth0SdkServer(ROUTES);
  const credentials = async (scopes: string[]) => (await server.managementClient(scopes as never, `SDK import (${scopes.length} scopes)`)).management;

  it("finds the connection, imports a file, reports progress and errors, and the users sign in", async () => {
    const management = await credentials([...MANAGEMENT_SCOPES]);
    const connectionId = await defaultConnectionId();
    const connections = [];
    for await (const c of await management.connections.list({ strategy: ["auth0"] as never })) connections.push(c);
    const connection = connections.find((c) => c.name === "Username-Password-Authentication")!;
    expect(connection.id).toBe(connectionId);

    const users = [
      { email: "sdk-bcrypt@example.com", email_verified: true, password_hash: bcryptjs.hashSync("Old-Bcrypt-Pass-1", 10).replace("$2b$", "$2a$") },
      { email: "sdk-sha1@example.com", custom_password_hash: { algorithm: "sha1", hash: { value: createHash("sha1").update("Old-Sha1-Pass-1").digest("hex"), encoding: "hex" } } },
      { email: "sdk-broken@example.com", password_hash: "not-bcrypt" },
    ];
    const created = await management.jobs.usersImports.create({
      users: new Blob([JSON.stringify(users)], { type: "application/json" }) as never,
      connection_id: connection.id!,
      upsert: false,
      external_id: "migration-1",
      send_completion_email: false,
    });
    expect(created).toMatchObject({ type: "users_import", status: "pending", connection_id: connection.id, external_id: "migration-1", upsert: false });

    const worker = createWorker({ handlers: jobHandlers(), logger: silentLogger, workerId: "import-sdk" });
    while ((await worker.runOnce()) > 0);

    const job = await management.jobs.get(created.id!);
    expect(job).toMatchObject({ id: created.id, type: "users_import", status: "completed", summary: { inserted: 2, updated: 0, failed: 1, total: 3 } });
    const errors = await management.jobs.errors.get(created.id!);
    expect(errors).toEqual([
      { user: { email: "sdk-broken@example.com" }, errors: [{ code: "INVALID_FORMAT", message: "password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$).", path: "password_hash" }], index: 2, line: 1 },
    ]);

    await expect(signInWithPassword("sdk-bcrypt@example.com", "Old-Bcrypt-Pass-1", testRequestContext())).resolves.toMatchObject({ email: "sdk-bcrypt@example.com" });
    await expect(signInWithPassword("sdk-sha1@example.com", "Old-Sha1-Pass-1", testRequestContext())).resolves.toMatchObject({ email: "sdk-sha1@example.com" });
    const db = await prisma();
    expect((await db.user.findFirstOrThrow({ where: { email: "sdk-sha1@example.com" } })).passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("answers Auth0's errors: unknown connection, missing file, unknown job, missing scope", async () => {
    const management = await credentials([...MANAGEMENT_SCOPES]);
    const body = (e: unknown) => (expect(e).toBeInstanceOf(ManagementError), (e as ManagementError).body as Record<string, unknown>);
    const file = () => new Blob(["[]"], { type: "application/json" }) as never;

    const unknown = await management.jobs.usersImports.create({ users: file(), connection_id: "con_0000000000000000" }).catch((e: unknown) => e);
    expect(body(unknown)).toMatchObject({ statusCode: 400, errorCode: "inexistent_connection", message: "The connection does not exist." });

    const noJob = await management.jobs.get("job_0000000000000000").catch((e: unknown) => e);
    expect(body(noJob)).toMatchObject({ statusCode: 404, errorCode: "inexistent_job" });
    // Regression: an id with a NUL in it reached PostgreSQL, which refused the query (500).
    for (const id of ["job_%00", "%00", "job_0000000000000000%00", "x".repeat(300)]) {
      const odd = await server.fetch(`${server.origin}/api/v2/jobs/${id}`, { headers: { authorization: `Bearer ${await tokenFor(["read:users"])}` } });
      expect(odd.status, id).toBe(404);
      expect(await odd.json(), id).toMatchObject({ statusCode: 404, errorCode: "inexistent_job" });
      const errors = await server.fetch(`${server.origin}/api/v2/jobs/${id}/errors`, { headers: { authorization: `Bearer ${await tokenFor(["read:users"])}` } });
      expect(errors.status, id).toBe(404);
    }

    const noFile = await server.fetch(`${server.origin}/api/v2/jobs/users-imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenFor(["create:users"])}` },
      body: (() => {
        const form = new FormData();
        form.set("connection_id", "x");
        return form;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ statusCode: 400, errorCode: "invalid_body" });

    const readOnly = await credentials(["read:users"]);
    const forbidden = await readOnly.jobs.usersImports.create({ users: file(), connection_id: await defaultConnectionId() }).catch((e: unknown) => e);
    expect(body(forbidden)).toMatchObject({ statusCode: 403, errorCode: "insufficient_scope" });
    const noConnections = await (async () => {
      for await (const c of await readOnly.connections.list()) return c;
    })().catch((e: unknown) => e);
    expect(body(noConnections)).toMatchObject({ statusCode: 403, message: "Insufficient scope, expected any of: read:connections" });
  });

  it("exports users through the SDK: the job, its location, the gzip CSV behind it", async () => {
    const management = await credentials(["read:users"]);
    const connectionId = await defaultConnectionId();
    const created = await management.jobs.usersExports.create({ connection_id: connectionId, format: "csv", fields: [{ name: "email" }, { name: "email_verified", export_as: "verified" }] });
    expect(created).toMatchObject({ type: "users_export", status: "pending", format: "csv", connection_id: connectionId });
    const worker = createWorker({ handlers: jobHandlers(), logger: silentLogger, workerId: "export-sdk" });
    while ((await worker.runOnce()) > 0);
    const job = (await management.jobs.get(created.id!)) as { status: string; location: string };
    expect(job.status).toBe("completed");
    const file = await server.fetch(job.location);
    expect(file.status).toBe(200);
    const lines = zlib.gunzipSync(Buffer.from(await file.arrayBuffer())).toString("utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("email,verified");
    expect(lines).toContain("sdk-bcrypt@example.com,true");
    const tampered = await server.fetch(job.location.replace(/signature=[0-9a-f]{4}/, "signature=ffff"));
    expect(tampered.status).toBe(404);
    expect(await tampered.json()).toMatchObject({ statusCode: 404, errorCode: "inexistent_job" });
  });

  it("refuses hostile exports and imports with Auth0's 4xx bodies and writes nothing", async () => {
    const token = await tokenFor(["read:users", "create:users"]);
    const db = await prisma();
    const exportsBefore = await db.userExport.count();
    const post = (body: string, type = "application/json") =>
      server.fetch(`${server.origin}/api/v2/jobs/users-exports`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
    const cases: Array<[string, number, string]> = [
      ["{not json", 400, "invalid_body"],
      [JSON.stringify({ format: "xml" }), 400, "invalid_body"],
      [JSON.stringify({ format: "csv", fields: [{ name: "user_metadata" }] }), 400, "invalid_body"],
      [JSON.stringify({ format: "json", fields: Array.from({ length: 31 }, () => ({ name: "email" })) }), 400, "invalid_body"],
      [JSON.stringify({ format: "json", fields: [{ name: "constructor.prototype" }], extra: 1 }), 400, "invalid_body"],
      [JSON.stringify({ connection_id: "con_0000000000000000" }), 400, "inexistent_connection"],
      [JSON.stringify({ limit: -1 }), 400, "invalid_body"],
    ];
    for (const [body, status, errorCode] of cases) {
      const response = await post(body);
      expect([body, response.status]).toEqual([body, status]);
      expect(await response.json()).toMatchObject({ statusCode: status, errorCode });
    }
    expect(await db.userExport.count()).toBe(exportsBefore);

    const importsBefore = await db.userImport.count();
    const upload = (file: Blob | string, connectionId: string) => {
      const form = new FormData();
      form.set("connection_id", connectionId);
      form.set("users", typeof file === "string" ? new Blob([file]) : file, "users.json");
      return server.fetch(`${server.origin}/api/v2/jobs/users-imports`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    };
    overrideConfig({ PUBLIC_URL: server.origin, USER_IMPORT_MAX_BYTES: "1024" });
    try {
      const big = await upload("[" + " ".repeat(4096) + "]", await defaultConnectionId());
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ statusCode: 413, error: "Request Entity Too Large" });
    } finally {
      overrideConfig({ PUBLIC_URL: server.origin });
    }
    const garbage = await server.fetch(`${server.origin}/api/v2/jobs/users-imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\"users\"; filename=\"a\"\r\n\r\n[",
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ statusCode: 400, errorCode: "invalid_body" });
    expect(await db.userImport.count()).toBe(importsBefore);

    // The console's form: another site's post (or one with no Origin) goes back to the page with
    // the refusal's code, before any session is read or any byte is stored.
    for (const headers of [{ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, {} as Record<string, string>]) {
      const form = new FormData();
      form.set("connection_id", await defaultConnectionId());
      form.set("users", new Blob(['[{"email":"csrf@example.com"}]']), "users.json");
      const response = await server.fetch(`${server.origin}/admin/import/upload`, { method: "POST", headers, body: form, redirect: "manual" });
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get("location")!).searchParams.get("error")).toBe("CSRF_FAILED");
    }
    expect(await db.userImport.count()).toBe(importsBefore);
  });

  async function tokenFor(scopes: string[]): Promise<string> {
    const created = await createMachineClient({ name: `token ${scopes.join(" ")}`, scopes: scopes as never }, { id: "test-admin", kind: "admin" }, testRequestContext());
    const response = await server.fetch(`${server.origin}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: created.client.id, client_secret: created.clientSecret, audience: `${server.origin}/api/v2/` }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }
});
