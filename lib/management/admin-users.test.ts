// A Management API client must not take over the console (issue 11, item 2): writes to admin
// users need update:admin_users and are logged and notified; a client grants no scope it lacks.
import { beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { configSchema } from "@/lib/config/schema";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { API_BASE, callRoute as call, createTestUser as newUser, expectAuth0Error, tokenFor } from "@/lib/testing/management-api";
import * as tokenRoute from "@/app/oauth/token/route";
import * as userRoute from "@/app/api/v2/users/[id]/route";
import * as methodsRoute from "@/app/api/v2/users/[id]/authentication-methods/route";
import * as methodRoute from "@/app/api/v2/users/[id]/authentication-methods/[methodId]/route";
import * as ticketRoute from "@/app/api/v2/tickets/password-change/route";
import { assertMayGrant, createMachineClient, MANAGEMENT_SCOPES, seedMachineClient } from ".";

const CONNECTION = "Username-Password-Authentication";

describe.each(testDatabaseKinds())("API writes to admin users on %s", (kind) => {
  useTestDatabase(kind);

  beforeAll(() => {
    overrideConfig({ PUBLIC_URL: API_BASE });
  });

  describe("writes to an admin user", () => {
    async function adminState(id: string) {
      const db = await prisma();
      const user = await db.user.findUnique({ where: { id } });
      return {
        user: user && { email: user.email, name: user.name, blocked: user.blocked, passwordVersion: user.passwordVersion, sessionVersion: user.sessionVersion },
        flows: await db.resetFlow.count({ where: { userId: id } }),
        factors: await db.factor.count({ where: { userId: id } }),
      };
    }

    async function adminWriteLogs(userId: string) {
      const db = await prisma();
      return db.logEvent.findMany({ where: { type: "mgmt_api_admin_write", userId }, orderBy: { id: "asc" } });
    }

    async function noticeJobs(to: string) {
      const db = await prisma();
      const jobs = await db.job.findMany({ where: { type: "email.send" } });
      return jobs.filter((job) => (job.payload as { to?: string; template?: string }).to === to && (job.payload as { template?: string }).template === "admin-api-write");
    }

    // Regression: a token with only update:users set the admin's password (200), one with only
    // create:user_tickets made a reset ticket for the admin, and the attacker then signed in.
    it("refuses every write without update:admin_users, logs each naming the client and notifies the admin", async () => {
      const admin = await newUser({ role: "admin" });
      const db = await prisma();
      const factor = await db.factor.create({ data: { userId: admin.id, type: "otp", name: "Phone app", confirmedAt: new Date() } });
      const updater = await tokenFor(["update:users"], "customer sync");
      const ticketer = await tokenFor(["create:user_tickets"]);
      const deleter = await tokenFor(["delete:users"]);
      const unenroller = await tokenFor(["delete:authentication_methods"]);
      const before = await adminState(admin.id);
      const id = `auth0|${admin.id}`;
      const patch = (body: unknown) => call(userRoute.PATCH, `/api/v2/users/${id}`, { method: "PATCH", token: updater.token, body }, { id });

      const attempts = [
        await patch({ password: "Attacker-Chosen-Pass-1", connection: CONNECTION }),
        await patch({ email: "attacker@example.com" }),
        await patch({ blocked: true }),
        await patch({ name: "Pwned" }),
        await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: ticketer.token, body: { user_id: id, result_url: "https://attacker.example/" } }),
        await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: ticketer.token, body: { email: admin.email, connection_id: admin.connectionId } }),
        await call(userRoute.DELETE, `/api/v2/users/${id}`, { method: "DELETE", token: deleter.token }, { id }),
        await call(methodRoute.DELETE, `/api/v2/users/${id}/authentication-methods/totp|${factor.id}`, { method: "DELETE", token: unenroller.token }, { id, methodId: `totp|${factor.id}` }),
        await call(methodsRoute.DELETE, `/api/v2/users/${id}/authentication-methods`, { method: "DELETE", token: unenroller.token }, { id }),
      ];
      for (const res of attempts) {
        expectAuth0Error(res, 403, "insufficient_scope");
        expect(res.json.message).toBe("Insufficient scope, expected any of: update:admin_users. The user has the admin role.");
      }
      expect(await adminState(admin.id)).toEqual(before);

      const logs = await adminWriteLogs(admin.id);
      expect(logs.map((log) => (log.details as { outcome: string }).outcome)).toEqual(Array(9).fill("refused"));
      expect(logs[0]).toMatchObject({ userName: admin.email, details: { client_id: updater.clientId, client_name: "customer sync", operation: "Update a User", fields: ["connection", "password"] } });
      expect(logs.map((log) => (log.details as { client_id: string }).client_id)).toEqual([
        ...Array(4).fill(updater.clientId),
        ticketer.clientId,
        ticketer.clientId,
        deleter.clientId,
        unenroller.clientId,
        unenroller.clientId,
      ]);
      // Each refusal is also the call's own fapi line.
      expect(await db.logEvent.count({ where: { type: "fapi", userId: admin.id } })).toBeGreaterThanOrEqual(7);

      // The admin hears of it by email, queued (never sent in the request), at most 5 an hour.
      const notices = await noticeJobs(admin.email!);
      expect(notices.length).toBe(5);
      expect(notices.every((job) => job.status === "pending")).toBe(true);
      expect((notices[0]!.payload as { text: string }).text).toContain(`"customer sync" (${updater.clientId})`);
      expect((notices[0]!.payload as { text: string }).text).toContain("refused");
    });

    it("lets a token with update:admin_users change an admin, with the log row and the notice", async () => {
      const admin = await newUser({ role: "admin" });
      const trusted = await tokenFor(["update:users", "update:admin_users", "create:user_tickets"], "break-glass");
      const id = `auth0|${admin.id}`;
      const res = await call(userRoute.PATCH, `/api/v2/users/${id}`, { method: "PATCH", token: trusted.token, body: { name: "Renamed Admin", password: "Rotated-Strong-Pass-7" } }, { id });
      expect(res.status).toBe(200);
      expect(res.json.name).toBe("Renamed Admin");
      const ticket = await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: trusted.token, body: { user_id: id } });
      expect(ticket.status).toBe(201);

      const logs = await adminWriteLogs(admin.id);
      expect(logs.map((log) => log.details)).toMatchObject([
        { client_id: trusted.clientId, client_name: "break-glass", operation: "Update a User", outcome: "allowed", fields: ["password", "name"], notice_sent: true },
        { client_id: trusted.clientId, operation: "Create a Password Change Ticket", outcome: "allowed", notice_sent: true },
      ]);
      const notices = await noticeJobs(admin.email!);
      expect(notices.length).toBe(2);
      expect((notices[0]!.payload as { subject: string }).subject).toBe("An API client tried to change your Rekey admin account");
    });

    it("writes the notice in the admin's own language (user_metadata.locale), else the tenant's", async () => {
      const german = await newUser({ role: "admin" });
      const plain = await newUser({ role: "admin" });
      const db = await prisma();
      await db.user.update({ where: { id: german.id }, data: { userMetadata: { locale: "de" } } });
      const updater = await tokenFor(["update:users"], "nightly sync");
      for (const admin of [german, plain]) {
        const id = `auth0|${admin.id}`;
        expectAuth0Error(await call(userRoute.PATCH, `/api/v2/users/${id}`, { method: "PATCH", token: updater.token, body: { name: "X" } }, { id }), 403, "insufficient_scope");
      }
      const [de] = (await noticeJobs(german.email!)).map((job) => job.payload as { subject: string; text: string });
      expect(de?.subject).toBe("Ein API-Client hat versucht, Ihr Admin-Konto bei Rekey zu ändern");
      expect(de?.text).toContain("Der Client „nightly sync“");
      expect(de?.text).toContain("daher wurde die Anfrage abgelehnt und nichts geändert.");
      const [en] = (await noticeJobs(plain.email!)).map((job) => job.payload as { subject: string });
      expect(en?.subject).toBe("An API client tried to change your Rekey admin account");
    });

    it("leaves writes to other users as they were: no extra scope, no admin log row", async () => {
      const user = await newUser();
      const updater = await tokenFor(["update:users"]);
      const res = await call(userRoute.PATCH, "/x", { method: "PATCH", token: updater.token, body: { name: "Just A User" } }, { id: user.id });
      expect(res.status).toBe(200);
      expect(await adminWriteLogs(user.id)).toEqual([]);
    });
  });

  describe("granting scopes", () => {
    it("lets a client grant only scopes it holds, and update:admin_users never; an admin grants any", async () => {
      const client = { kind: "client" as const, id: "c1", scopes: ["read:users", "update:users", "update:admin_users"] as const };
      expect(() => assertMayGrant(client, ["read:users"])).not.toThrow();
      for (const scopes of [["delete:users"], ["read:users", "read:logs"], ["update:admin_users"]] as const) {
        expect(() => assertMayGrant(client, scopes)).toThrow(expect.objectContaining({ code: "FORBIDDEN", status: 403 }));
        await expect(createMachineClient({ name: "minted", scopes: [...scopes] }, client, testRequestContext())).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      const db = await prisma();
      expect(await db.application.count({ where: { name: "minted" } })).toBe(0);
      const byAdmin = await createMachineClient({ name: "by admin", scopes: [...MANAGEMENT_SCOPES] }, { kind: "admin", id: "admin" }, testRequestContext());
      expect(byAdmin.client.scopes).toContain("update:admin_users");
    });

    it("a token asks for update:admin_users only when its client holds it; SEED_MACHINE_CLIENT may grant it", async () => {
      const plain = await tokenFor(["update:users"]);
      const asked = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: plain.clientId, client_secret: plain.clientSecret, scope: "update:users update:admin_users" } });
      expect(asked.status).toBe(403);
      expect(asked.json.error).toBe("access_denied");

      const spec = `seeded-admin-ops:${"s".repeat(40)}:update:users,update:admin_users`;
      expect(configSchema.shape.SEED_MACHINE_CLIENT.safeParse(spec).success).toBe(true);
      await seedMachineClient(spec);
      const seeded = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials", client_id: "seeded-admin-ops", client_secret: "s".repeat(40) } });
      expect(seeded.json.scope).toBe("update:users update:admin_users");
    });
  });
});
