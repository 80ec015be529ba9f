import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { shutdownSandbox } from "@/lib/actions";
import { clearDiscoveryCache } from "@/lib/actions/discover";
import { handleForm } from "@/lib/http";
import { createWorker } from "@/lib/jobs";
import { jobHandlers } from "@/lib/runtime/job-handlers";
import { consumeResetTicket } from "@/lib/reset";
import { connectionSettingsSchema, createUser, defaultConnection, updateConnectionSettings } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import {
  actionTestSchema,
  adminCreateResetTicket,
  adminCreateTicketSchema,
  adminCreateUser,
  adminCreateUserSchema,
  adminDeleteUser,
  adminDeleteUserSchema,
  adminRemoveFactor,
  adminSendResetEmail,
  adminSetPassword,
  adminSetPasswordSchema,
  adminRetryDelivery,
  connectionChangeHistory,
  getDelivery,
  joinFormValues,
  listActionOverview,
  listDeliveries,
  machineClientFormSchema,
  runActionTest,
  searchTenantLog,
} from ".";

const ONE_MB = "x".repeat(1024 * 1024);

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v);
  return data;
}

async function newUser(password = "Console-Strong-55") {
  return createUser({ email: `c${Math.random().toString(36).slice(2, 10)}@example.com`, password }, { connection: await defaultConnection(), ctx: testRequestContext() });
}

let actionsDir: string;
beforeAll(() => {
  actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-admin-actions-"));
  fs.mkdirSync(path.join(actionsDir, "post-change-password"));
  fs.writeFileSync(
    path.join(actionsDir, "post-change-password", "10-echo.js"),
    `exports.onExecutePostChangePassword = async (event, api) => { console.log("hello " + event.user.email + " " + (event.secrets.TOKEN || "none")); api.cache.set("k", "v"); };`,
  );
  fs.writeFileSync(path.join(actionsDir, "post-change-password", "20-broken.js"), "exports.onExecutePostChangePassword = async ( => {");
  process.env.ACTION_SECRET_TOKEN = "s3cret-value-from-env";
  overrideConfig({ ACTIONS_DIR: actionsDir, JOB_MAX_ATTEMPTS: "1" });
  clearDiscoveryCache();
});
afterAll(async () => {
  delete process.env.ACTION_SECRET_TOKEN;
  overrideConfig({});
  await shutdownSandbox();
  fs.rmSync(actionsDir, { recursive: true, force: true });
});

describe.each(testDatabaseKinds())("admin console operations on %s", (kind) => {
  useTestDatabase(kind);
  const admin = { id: "a".repeat(24) };

  it("refuses hostile form input with field errors and writes nothing", async () => {
    const db = await prisma();
    const before = { users: await db.user.count(), flows: await db.resetFlow.count(), logs: await db.logEvent.count() };
    const run = (schema: Parameters<typeof handleForm>[0], values: Record<string, string | string[]>) => handleForm(schema, form(values), async () => ({ ok: true }));
    expect(await run(adminCreateUserSchema, {})).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { email: expect.any(String), password: expect.any(String) } });
    expect(await run(adminCreateUserSchema, { email: ONE_MB, password: "x" })).toMatchObject({ ok: false, fields: { email: expect.any(String) } });
    expect(await run(adminCreateUserSchema, { email: "ü@例え.jp", password: "Strong-Pass-55" })).toMatchObject({ ok: false, fields: { email: expect.any(String) } });
    // Regression: a NUL in the name or username reached the insert (a 500).
    expect(await run(adminCreateUserSchema, { email: "nul@example.com", password: "Strong-Pass-55", name: "A\u0000B", username: "a\u0000b" })).toMatchObject({
      ok: false,
      fields: { name: expect.any(String), username: expect.any(String) },
    });
    expect(await run(adminSetPasswordSchema, { userId: "../etc", password: "a", confirmPassword: "a" })).toMatchObject({ ok: false, fields: { userId: "Unknown user." } });
    expect(await run(adminSetPasswordSchema, { userId: "f".repeat(24), password: "Strong-Pass-55", confirmPassword: "Other-Pass-55" })).toMatchObject({ fields: { confirmPassword: expect.any(String) } });
    expect(await run(adminCreateTicketSchema, { userId: "f".repeat(24), ttlSec: "abc" })).toMatchObject({ ok: false, fields: { ttlSec: expect.any(String) } });
    expect(await run(adminCreateTicketSchema, { userId: "f".repeat(24), ttlSec: "900", resultUrl: "javascript:alert(1)" })).toMatchObject({ ok: false, fields: { resultUrl: expect.any(String) } });
    expect(await run(adminCreateTicketSchema, { userId: "f".repeat(24), ttlSec: String(10 ** 9) })).toMatchObject({ ok: false, fields: { ttlSec: expect.any(String) } });
    expect(await run(machineClientFormSchema, { name: "", scopes: "" })).toMatchObject({ ok: false, fields: { name: expect.any(String), scopes: expect.any(String) } });
    expect(await run(machineClientFormSchema, { name: "x", scopes: "read:users delete:everything" })).toMatchObject({ ok: false, fields: { scopes: expect.any(String) } });
    expect(await run(actionTestSchema, { trigger: "nope", file: "x", event: "{}" })).toMatchObject({ ok: false, fields: { trigger: expect.any(String) } });
    expect(await run(actionTestSchema, { trigger: "post-change-password", file: "10-echo.js", event: "[1,2]" })).toMatchObject({ ok: false, fields: { event: expect.any(String) } });
    expect(await run(actionTestSchema, { trigger: "post-change-password", file: "10-echo.js", event: ONE_MB })).toMatchObject({ ok: false, fields: { event: expect.any(String) } });
    expect({ users: await db.user.count(), flows: await db.resetFlow.count(), logs: await db.logEvent.count() }).toEqual(before);
  });

  it("joins checkbox values so a client form keeps every scope", async () => {
    const parsed = machineClientFormSchema.parse(Object.fromEntries(joinFormValues(form({ name: "CI", scopes: ["read:users", "read:logs", "read:users"] }), "scopes")));
    expect(parsed).toEqual({ name: "CI", scopes: ["read:users", "read:logs"] });
  });

  it("creates a user and sets a password through the one password path, naming the admin", async () => {
    const created = await adminCreateUser({ email: "quill-zephyr@example.com", password: "Admin-Made-Pass-1", emailVerified: true }, admin, testRequestContext());
    const db = await prisma();
    expect(await db.logEvent.findFirst({ where: { type: "sapi", userId: created.id } })).toMatchObject({ description: "Create a User", details: { actor: admin.id, via: "console" } });

    await expect(adminSetPassword({ userId: created.id, password: "short", confirmPassword: "short" }, admin, testRequestContext())).rejects.toMatchObject({ code: "PASSWORD_POLICY" });
    await adminSetPassword({ userId: created.id, password: "Admin-Set-Pass-2", confirmPassword: "Admin-Set-Pass-2" }, admin, testRequestContext());
    const row = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.sessionVersion).toBe(created.sessionVersion + 1);
    expect(await db.logEvent.findFirst({ where: { type: "scp", userId: created.id } })).toMatchObject({ details: { reason: "admin", actor: admin.id } });
    const deliveries = await db.job.findMany({ where: { type: "password.changed.deliver" } });
    expect(deliveries.some((j) => (j.payload as { userId: string; reason: string }).userId === created.id && (j.payload as { reason: string }).reason === "admin")).toBe(true);
  });

  it("sends the reset email (link only: no tab asked) and makes a single-use reset link that supersedes it", async () => {
    const user = await newUser();
    await adminSendResetEmail({ userId: user.id }, admin, testRequestContext());
    // The worker opens the requested flow and mails it; the ticket made after supersedes it.
    const worker = createWorker({ handlers: jobHandlers(), workerId: "admin-test" });
    while ((await worker.runOnce()) > 0);
    const ticket = await adminCreateResetTicket({ userId: user.id, ttlSec: 900, markEmailVerified: false }, admin, testRequestContext());
    const db = await prisma();
    const flows = await db.resetFlow.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(flows.map((f) => [f.source, f.state])).toEqual([["admin", "expired"], ["ticket", "link_sent"]]);
    const value = new URL(ticket.url).searchParams.get("ticket")!;
    await expect(consumeResetTicket(value, testRequestContext())).resolves.toMatchObject({ next: "/reset/password" });
    await expect(consumeResetTicket(value, testRequestContext())).rejects.toMatchObject({ code: "RESET_LINK_USED" });
    expect(await db.logEvent.count({ where: { type: "sapi", userId: user.id, details: { path: ["actor"], equals: admin.id } } })).toBe(2);
  });

  it("deletes a user only with the email typed again, and removes factors one by one", async () => {
    const user = await newUser();
    const db = await prisma();
    const factor = await db.factor.create({ data: { userId: user.id, type: "otp", name: "App", confirmedAt: new Date() } });
    await adminRemoveFactor({ userId: user.id, factorId: factor.id }, admin, testRequestContext());
    await expect(adminRemoveFactor({ userId: user.id, factorId: factor.id }, admin, testRequestContext())).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(adminDeleteUser(adminDeleteUserSchema.parse({ userId: user.id, confirmation: "someone@else.com" }), admin, testRequestContext())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fields: { confirmation: expect.any(String) },
    });
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
    await adminDeleteUser({ userId: user.id, confirmation: ` ${user.email!.toUpperCase()} ` }, admin, testRequestContext());
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    expect(await db.logEvent.count({ where: { type: "sdu", userId: user.id } })).toBe(1);
    expect(await db.logEvent.count({ where: { type: "sapi", userId: user.id, description: "Delete a User" } })).toBe(1);
    await expect(adminDeleteUser({ userId: admin.id, confirmation: "x" }, admin, testRequestContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("filters the tenant log by type, user (id or email) and day", async () => {
    const user = await newUser();
    await adminSetPassword({ userId: user.id, password: "Filter-Pass-77", confirmPassword: "Filter-Pass-77" }, admin, testRequestContext());
    const today = new Date().toISOString().slice(0, 10);
    const byId = await searchTenantLog({ type: "scp", user: `auth0|${user.id}`, from: today, to: today });
    expect(byId.items.map((l) => l.userId)).toEqual([user.id]);
    const byEmail = await searchTenantLog({ type: "scp", user: user.email!.toUpperCase() });
    expect(byEmail.total).toBe(1);
    expect((await searchTenantLog({ user: "nobody@example.com" })).total).toBe(0);
    expect((await searchTenantLog({ type: "scp", to: "2000-01-01" })).total).toBe(0);
  });

  it("shows the Actions in order with load errors, and tests one by name with the environment's secrets, writing nothing", async () => {
    const [overview] = (await listActionOverview()).filter((t) => t.trigger === "post-change-password");
    expect(overview!.files.map((f) => [f.name, f.kind, Boolean(f.loadError)])).toEqual([["10-echo.js", "action", false], ["20-broken.js", null, true]]);
    const db = await prisma();
    const before = await db.actionCacheEntry.count();
    const outcome = await runActionTest(actionTestSchema.parse({ trigger: "post-change-password", file: "10-echo.js", event: JSON.stringify({ user: { email: "edited@example.com" } }) }));
    expect(outcome.result.ok).toBe(true);
    expect(outcome.result.logs).toContain("hello edited@example.com [secret:TOKEN]");
    expect(outcome.result.commands).toEqual([expect.objectContaining({ type: "cache.set", key: "k", value: "v" })]);
    expect(JSON.stringify(outcome)).not.toContain("s3cret-value-from-env");
    expect(await db.actionCacheEntry.count()).toBe(before);
    await expect(runActionTest({ trigger: "post-change-password", file: "../../../etc/passwd", event: {} })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("lists dead deliveries with their executions and retries one once", async () => {
    const user = await newUser();
    await adminSetPassword({ userId: user.id, password: "Dead-Delivery-88", confirmPassword: "Dead-Delivery-88" }, admin, testRequestContext());
    const worker = createWorker({ handlers: jobHandlers(), workerId: "admin-test" });
    while ((await worker.runOnce()) > 0);
    const dead = await listDeliveries({ status: "dead", type: "password.changed.deliver" });
    const job = dead.jobs.find((j) => j.attempts === 1);
    expect(job).toMatchObject({ type: "password.changed.deliver", status: "dead", attempts: 1 });
    const detail = await getDelivery(job!.id);
    expect(detail!.executions!.map((e) => [e.actionName, e.status])).toEqual(expect.arrayContaining([["10-echo.js", "succeeded"], ["20-broken.js", "failed"]]));
    expect(detail!.attemptLog).toHaveLength(1);
    expect(await getDelivery("not-a-uuid")).toBeNull();

    await adminRetryDelivery({ jobId: job!.id }, admin, testRequestContext());
    await expect(adminRetryDelivery({ jobId: job!.id }, admin, testRequestContext())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await listDeliveries({ status: "retrying" })).jobs.map((j) => j.id)).toContain(job!.id);
  });

  // Regression: the changes were logged keyed by setting name, and the log redacted every
  // password* key, so policy changes read "[redacted]".
  it("shows who changed the connection settings and what changed, password settings included", async () => {
    const connection = await defaultConnection();
    const creator = await newUser();
    const input = connectionSettingsSchema.parse({ passwordPolicy: "excellent", passwordMinLength: "12", passwordHistorySize: "5", resetTicketLifetimeSec: "1800", passwordDictionary: "on", passwordNoPersonalInfo: "on", signupEnabled: "on" });
    await updateConnectionSettings(connection.id, input, { id: creator.id }, testRequestContext());
    const [latest] = await connectionChangeHistory(connection.id);
    expect(latest).toMatchObject({ actor: creator.email });
    expect(latest!.changes).toEqual(expect.arrayContaining([{ field: "passwordPolicy", from: "good", to: "excellent" }, { field: "passwordMinLength", from: 8, to: 12 }]));
  });
});
