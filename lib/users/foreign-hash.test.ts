import { createHash } from "node:crypto";
import bcryptjs from "bcryptjs";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { storedFormOfCustomHash } from "@/lib/passwords";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { changeOwnPassword, createUser, defaultConnection, signInWithPassword } from ".";

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
