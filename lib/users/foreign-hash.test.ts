import { createHash } from "node:crypto";
import bcryptjs from "bcryptjs";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { storedFormOfCustomHash } from "@/lib/passwords";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { changeOwnPassword, createUser, defaultConnection, setUserPassword, signInWithPassword, writeImportedUser } from ".";

const OLD = "Imported-Passw0rd";

async function importedUser(storedHash: string) {
  const connection = await defaultConnection();
  const email = `imported-${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUser({ email, password: "Placeholder-Passw0rd" }, { connection, ctx: testRequestContext() });
  const db = await prisma();
  await db.user.update({ where: { id: user.id }, data: { passwordHash: storedHash } });
  return { id: user.id, email };
}

async function storedHashOf(id: string) {
  const db = await prisma();
  return (await db.user.findUniqueOrThrow({ where: { id } })).passwordHash;
}

describe.each(testDatabaseKinds())("foreign hashes at sign-in on %s", (kind) => {
  useTestDatabase(kind);

  it("signs in an imported bcrypt user and replaces the hash with argon2id; a wrong password changes nothing", async () => {
    const bcrypt = bcryptjs.hashSync(OLD, 10).replace(/^\$2b\$/, "$2a$");
    const user = await importedUser(bcrypt);
    await expect(signInWithPassword(user.email, "Imported-Passw0rD", testRequestContext())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await storedHashOf(user.id)).toBe(bcrypt);

    expect((await signInWithPassword(user.email, OLD, testRequestContext())).id).toBe(user.id);
    expect(await storedHashOf(user.id)).toMatch(/^\$argon2id\$/);
    expect((await signInWithPassword(user.email, OLD, testRequestContext())).id).toBe(user.id);
  });

  it("signs in an imported salted sha256 user and upgrades the hash", async () => {
    const stored = storedFormOfCustomHash({
      algorithm: "sha256",
      hash: { value: createHash("sha256").update(`pepper${OLD}`).digest("base64"), encoding: "base64" },
      salt: { value: "pepper", position: "prefix" },
    });
    const user = await importedUser(stored);
    expect((await signInWithPassword(user.email, OLD, testRequestContext())).id).toBe(user.id);
    expect(await storedHashOf(user.id)).toMatch(/^\$argon2id\$/);
  });

  it("accepts the imported hash as the current password when the user changes it", async () => {
    const user = await importedUser(storedFormOfCustomHash({ algorithm: "md5", hash: { value: createHash("md5").update(OLD).digest("hex"), encoding: "hex" } }));
    await changeOwnPassword(user.id, { currentPassword: OLD, newPassword: "Brand-New-Passw0rd" }, testRequestContext());
    expect(await storedHashOf(user.id)).toMatch(/^\$argon2id\$/);
    expect((await signInWithPassword(user.email, "Brand-New-Passw0rd", testRequestContext())).id).toBe(user.id);
  });
});

describe.each(testDatabaseKinds())("password history of an imported user on %s", (kind) => {
  useTestDatabase(kind);

  async function importThroughTheImport(storedHash: string) {
    const connection = await defaultConnection();
    const email = `history-${Math.random().toString(36).slice(2)}@example.com`;
    const db = await prisma();
    const outcome = await db.$transaction((tx) => writeImportedUser(tx, connection.id, { email, email_verified: true, blocked: false, phone_verified: false, storedHash }, false));
    if (outcome.result === "refused") throw new Error(outcome.message);
    return { id: outcome.userId, email };
  }

  // Regression: isInHistory verified history rows with argon2 only, and an import writes no history
  // row, so an imported user could reset straight back to the password of the old system.
  it("refuses the imported (bcrypt) password as a new password, before and after another change", async () => {
    const user = await importThroughTheImport(bcryptjs.hashSync(OLD, 4));
    await expect(setUserPassword({ userId: user.id, newPassword: OLD, reason: "reset", ctx: testRequestContext() })).rejects.toMatchObject({ code: "PASSWORD_POLICY" });
    await setUserPassword({ userId: user.id, newPassword: "Brand-New-Passw0rd", reason: "reset", ctx: testRequestContext() });
    await expect(setUserPassword({ userId: user.id, newPassword: OLD, reason: "reset", ctx: testRequestContext() })).rejects.toMatchObject({ code: "PASSWORD_POLICY" });
  });

  it("refuses a custom_password_hash (sha1) password from the history too, and still takes a fresh one", async () => {
    const stored = storedFormOfCustomHash({ algorithm: "sha1", hash: { value: createHash("sha1").update(OLD).digest("hex"), encoding: "hex" } });
    const user = await importThroughTheImport(stored);
    await expect(setUserPassword({ userId: user.id, newPassword: OLD, reason: "self", ctx: testRequestContext() })).rejects.toMatchObject({ code: "PASSWORD_POLICY" });
    await setUserPassword({ userId: user.id, newPassword: "Another-Fresh-Passw0rd", reason: "self", ctx: testRequestContext() });
    expect(await storedHashOf(user.id)).toMatch(/^\$argon2id\$/);
  });
});
