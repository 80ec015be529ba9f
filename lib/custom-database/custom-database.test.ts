import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownSandbox } from "@/lib/actions";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { openRequestedFlow } from "@/lib/reset/request-job";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { defaultConnectionId, signInWithPassword } from "@/lib/users";

// Auth0's script form, unchanged: bare functions, `configuration` and WrongUsernameOrPasswordError
// as globals, a Node callback.
const LOGIN = `
function login(email, password, callback) {
  const user = { "legacy@old.example": "0123456789abcdef01234567", "other@old.example": "x" }[email];
  if (!user) return callback(new WrongUsernameOrPasswordError(email, "no such user"));
  if (password !== configuration.LEGACY_PASSWORD) return callback(new WrongUsernameOrPasswordError(email));
  if (email === "other@old.example") return callback(null, { user_id: "x", email: "someone-else@old.example" });
  console.log("migrating", email, "with", configuration.LEGACY_PASSWORD);
  callback(null, { user_id: "auth0|" + user, email: email, email_verified: true, name: "Legacy User", user_metadata: { from: "old" } });
}
`;
const GET_USER = `
function getByEmail(email, callback) {
  if (email !== "resetter@old.example") return callback(null);
  callback(null, { user_id: 42, email: email, email_verified: true });
}
`;

let root: string;
const PASSWORD = "Legacy-Passw0rd-1";

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-custom-db-"));
  fs.mkdirSync(path.join(root, "custom-database"));
  fs.writeFileSync(path.join(root, "custom-database", "login.js"), LOGIN);
  fs.writeFileSync(path.join(root, "custom-database", "get_user.js"), GET_USER);
  process.env.ACTION_SECRET_LEGACY_PASSWORD = PASSWORD;
  overrideConfig({ ACTIONS_DIR: root });
});

afterAll(async () => {
  await shutdownSandbox();
  delete process.env.ACTION_SECRET_LEGACY_PASSWORD;
  overrideConfig({});
  fs.rmSync(root, { recursive: true, force: true });
});

describe.each(testDatabaseKinds())("lazy migration through Custom Database scripts on %s", (kind) => {
  useTestDatabase(kind);
  const setImportMode = async (on: boolean) => (await prisma()).connection.update({ where: { id: await defaultConnectionId() }, data: { importMode: on } });
  const userOf = async (email: string) => (await prisma()).user.findFirst({ where: { email } });

  it("asks nothing while import mode is off", async () => {
    await setImportMode(false);
    await expect(signInWithPassword("legacy@old.example", PASSWORD, testRequestContext())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await userOf("legacy@old.example")).toBeNull();
  });

  it("refuses a wrong password and creates nobody, then migrates the user at the first right sign-in", async () => {
    await setImportMode(true);
    await expect(signInWithPassword("legacy@old.example", "wrong-password", testRequestContext())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await userOf("legacy@old.example")).toBeNull();
    const db = await prisma();
    const failure = await db.logEvent.findFirst({ where: { type: "actions_execution_failed" }, orderBy: { date: "desc" } });
    expect(failure?.description).toContain("Custom Database login script: callback: Wrong email or password.");

    const signedIn = await signInWithPassword("legacy@old.example", PASSWORD, testRequestContext());
    const user = (await userOf("legacy@old.example"))!;
    expect(signedIn.id).toBe("0123456789abcdef01234567");
    expect(user).toMatchObject({ id: "0123456789abcdef01234567", emailVerified: true, name: "Legacy User", userMetadata: { from: "old" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    // From now on the user is Rekey's: the script is not asked (it is gone), the password works.
    fs.renameSync(path.join(root, "custom-database", "login.js"), path.join(root, "custom-database", "_login.js"));
    try {
      expect((await signInWithPassword("legacy@old.example", PASSWORD, testRequestContext())).id).toBe(user.id);
    } finally {
      fs.renameSync(path.join(root, "custom-database", "_login.js"), path.join(root, "custom-database", "login.js"));
    }
  }, 60_000);

  it("creates nobody when the script answers for another account", async () => {
    await setImportMode(true);
    await expect(signInWithPassword("other@old.example", PASSWORD, testRequestContext())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await userOf("someone-else@old.example")).toBeNull();
    expect(await userOf("other@old.example")).toBeNull();
  });

  it("lets a user not migrated yet reset: get_user creates them without a password and the link goes out", async () => {
    await setImportMode(true);
    const request = (identifier: string) =>
      openRequestedFlow({ flowId: crypto.randomUUID(), ip: "127.0.0.1", requestedAt: new Date().toISOString(), request: { identifier, requesterHash: "h", source: "email", userAgent: null } });
    const opened = await request("resetter@old.example");
    expect(opened.mail?.to).toBe("resetter@old.example");
    const user = (await userOf("resetter@old.example"))!;
    expect(user.passwordHash).toBeNull();
    expect(opened.flow.userId).toBe(user.id);

    expect((await request("nobody@old.example")).mail).toBeNull();
    expect(await userOf("nobody@old.example")).toBeNull();
  }, 60_000);
});
