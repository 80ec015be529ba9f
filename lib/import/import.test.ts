import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import bcryptjs from "bcryptjs";
import { describe, expect, it } from "vitest";
import { openSecret } from "@/lib/factors/seal";
import { createWorker, silentLogger } from "@/lib/jobs";
import { verifyStoredPassword } from "@/lib/passwords";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { defaultConnectionId } from "@/lib/users";
import { createUserImport, runUserImportSlice, userImportErrors, userImportErrorsJson, userImportJob, userImportJobView } from ".";

const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
// One bcrypt hash reused: bcryptjs at cost 4 still costs ~1 ms, and the file is about formats.
const BCRYPT = bcryptjs.hashSync("pw-bcrypt", 4);

/** A user whose password is `pw-<i>`, its hash in one of several foreign formats. */
function mixedUser(i: number, domain = "example.com"): Record<string, unknown> {
  const email = `user${i}@${domain}`;
  const password = `pw-${i}`;
  switch (i % 5) {
    case 0:
      return { email, password_hash: BCRYPT, given_name: `G${i}` };
    case 1:
      return { email, custom_password_hash: { algorithm: "md5", hash: { value: createHash("md5").update(password).digest("hex"), encoding: "hex" } } };
    case 2: {
      const salt = randomBytes(8);
      return {
        email,
        email_verified: true,
        custom_password_hash: {
          algorithm: "sha256",
          hash: { value: createHash("sha256").update(Buffer.concat([Buffer.from(password), salt])).digest("base64"), encoding: "base64" },
          salt: { value: salt.toString("hex"), encoding: "hex", position: "suffix" },
        },
      };
    }
    case 3: {
      const salt = randomBytes(8);
      return { email, custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha256$i=10,l=32$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 10, 32, "sha256"))}` } } };
    }
    default:
      return { email, user_metadata: { plan: "pro" }, app_metadata: { roles: ["a"] } };
  }
}

function fileOf(users: unknown[]): string {
  return `[\n${users.map((u) => JSON.stringify(u)).join(",\n")}\n]\n`;
}

async function* upload(text: string): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
}

const never = new AbortController().signal;

describe.each(testDatabaseKinds())("users import on %s", (kind) => {
  const t = useTestDatabase(kind);
  const db = () => t.db().prisma;

  async function newImport(users: unknown[] | string, upsert = false, sendCompletionEmail = false) {
    const connectionId = await defaultConnectionId();
    return createUserImport({ connectionId, upsert, sendCompletionEmail, file: upload(typeof users === "string" ? users : fileOf(users)) });
  }

  async function runToEnd(id: string) {
    const worker = createWorker({ handlers: { [userImportJob.type]: userImportJob.handle(({ importId }, job) => runUserImportSlice(importId, job.signal, { sliceMs: 2_000 })) }, database: t.db(), logger: silentLogger, pollMs: 10 });
    while ((await db().userImport.findUniqueOrThrow({ where: { id } })).status !== "completed") {
      if ((await worker.runOnce()) === 0 && (await db().userImport.findUniqueOrThrow({ where: { id } })).status === "failed") break;
    }
  }

  it("imports 2,000 users with mixed hashes, crashing midway, and ends with each user exactly once", async () => {
    const users = Array.from({ length: 2000 }, (_, i) => mixedUser(i));
    // Three bad lines the job must name, not stop on.
    users[7] = { email: "not-an-email", password_hash: BCRYPT };
    users[8] = { email: "extra@example.com", favourite_colour: "blue" };
    users[9] = { email: "bad-hash@example.com", custom_password_hash: { algorithm: "sha1", hash: { value: "zz", encoding: "hex" } } };
    const { id } = await newImport(users);

    // The runner dies after reading 700 users: its signal reads as aborted from then on (kill -9
    // between commits). Batches of 200 are committed whole: users 600-699 were read, not written.
    let seen = 0;
    let held = 0;
    const dying = { get aborted() { return ++seen > 700; } } as AbortSignal;
    await expect(runUserImportSlice(id, dying, { batchUsers: 200, onHeld: (n) => (held = Math.max(held, n)) })).rejects.toThrow(/interrupted/);
    const midway = await db().userImport.findUniqueOrThrow({ where: { id } });
    expect(midway.nextIndex).toBe(600);
    expect(midway.inserted + midway.failed).toBe(600);
    expect(await db().user.count({ where: { email: { endsWith: "@example.com" } } })).toBe(midway.inserted);
    // The runner never held more than one batch of users in memory.
    expect(held).toBe(200);

    await runToEnd(id);
    const view = await userImportJobView(id);
    expect(view).toMatchObject({ type: "users_import", status: "completed", summary: { inserted: 1997, updated: 0, failed: 3, total: 2000 } });
    expect(await db().user.count({ where: { email: { endsWith: "@example.com" } } })).toBe(1997);

    const errors = await userImportErrors(id);
    expect(errors!.map((e) => [e.index, e.line, (e.errors as { path: string }[])[0]!.path])).toEqual([
      [7, 9, "email"],
      [8, 10, ""],
      [9, 11, "custom_password_hash.hash.value"],
    ]);
    expect((errors![1]!.errors as { code: string; message: string }[])[0]).toMatchObject({ code: "OBJECT_ADDITIONAL_PROPERTIES", message: expect.stringContaining("favourite_colour") });
    // The errors list never echoes a password hash.
    expect(JSON.stringify(errors)).not.toContain(BCRYPT);
    expect(JSON.stringify(errors)).not.toContain('"zz"');

    for (const i of [0, 1, 2, 3]) {
      const row = await db().user.findFirstOrThrow({ where: { email: `user${i}@example.com` } });
      const password = i === 0 ? "pw-bcrypt" : `pw-${i}`;
      expect(await verifyStoredPassword(row.passwordHash!, password)).toEqual({ ok: true, needsRehash: true });
      expect((await verifyStoredPassword(row.passwordHash!, "wrong")).ok).toBe(false);
    }
    const u2 = await db().user.findFirstOrThrow({ where: { email: "user2@example.com" } });
    expect(u2.emailVerified).toBe(true);
    const u4 = await db().user.findFirstOrThrow({ where: { email: "user4@example.com" } });
    expect([u4.passwordHash, u4.userMetadata, u4.appMetadata]).toEqual([null, { plan: "pro" }, { roles: ["a"] }]);
  }, 300_000);

  it("lets two runners race on one import without writing a user twice", async () => {
    const { id } = await newImport(Array.from({ length: 60 }, (_, i) => mixedUser(i, "race.example")));
    await Promise.all([runUserImportSlice(id, never, { batchUsers: 7 }), runUserImportSlice(id, never, { batchUsers: 7 })]);
    await runToEnd(id);
    expect(await userImportJobView(id)).toMatchObject({ status: "completed", summary: { inserted: 60, failed: 0, total: 60 } });
    expect(await db().user.count({ where: { email: { endsWith: "@race.example" } } })).toBe(60);
  });

  it("refuses duplicates without upsert, updates them with upsert, and never overwrites a password set here", async () => {
    const first = await newImport([{ email: "dup@example.com", name: "Old", password_hash: BCRYPT, user_id: "auth0|0123456789abcdef01234567" }, { email: "kept@example.com", password_hash: BCRYPT }]);
    await runToEnd(first.id);
    const kept = await db().user.findFirstOrThrow({ where: { email: "kept@example.com" } });
    await db().user.update({ where: { id: kept.id }, data: { passwordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g" } });
    expect((await db().user.findFirstOrThrow({ where: { email: "dup@example.com" } })).id).toBe("0123456789abcdef01234567");

    const md5 = { algorithm: "md5", hash: { value: createHash("md5").update("new").digest("hex"), encoding: "hex" } };
    const again = [{ email: "DUP@example.com", name: "New", custom_password_hash: md5 }, { email: "kept@example.com", custom_password_hash: md5 }];
    const refused = await newImport(again);
    await runToEnd(refused.id);
    expect(await userImportJobView(refused.id)).toMatchObject({ summary: { inserted: 0, updated: 0, failed: 2 } });
    expect((await userImportErrors(refused.id))!.map((e) => (e.errors as { code: string }[])[0]!.code)).toEqual(["DUPLICATED_USER", "DUPLICATED_USER"]);

    const upserted = await newImport(again, true);
    await runToEnd(upserted.id);
    expect(await userImportJobView(upserted.id)).toMatchObject({ summary: { inserted: 0, updated: 2, failed: 0 } });
    const dup = await db().user.findFirstOrThrow({ where: { email: "dup@example.com" } });
    expect(dup.name).toBe("New");
    expect((await verifyStoredPassword(dup.passwordHash!, "new")).ok).toBe(true);
    expect((await db().user.findFirstOrThrow({ where: { email: "kept@example.com" } })).passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a user whose insert breaks a unique key inside a batch, and writes the rest of the batch", async () => {
    // A user_id taken in another connection is not found by the import's per-connection lookup:
    // its INSERT fails and aborts the batch's transaction, which is then written user by user.
    const other = await db().connection.create({ data: { id: "con_other000000000", name: "Other-Connection" } });
    await db().user.create({ data: { id: "0123456789abcdef0123abcd", connectionId: other.id, email: "elsewhere@other.example" } });
    const { id } = await newImport([
      { email: "first@batch.example" },
      { email: "taken-id@batch.example", user_id: "auth0|0123456789abcdef0123abcd" },
      { email: "third@batch.example" },
      { email: "first@batch.example" },
    ]);
    await runToEnd(id);
    expect(await userImportJobView(id)).toMatchObject({ status: "completed", summary: { inserted: 2, failed: 2, total: 4 } });
    expect((await userImportErrors(id))!.map((e) => [e.index, (e.errors as { code: string }[])[0]!.code])).toEqual([
      [1, "DUPLICATED_USER"],
      [3, "DUPLICATED_USER"],
    ]);
    expect(await db().user.count({ where: { email: { endsWith: "@batch.example" } } })).toBe(2);
  });

  it("enrolls mfa_factors as confirmed factors, the TOTP secret sealed", async () => {
    const { id } = await newImport([
      { email: "mfa@example.com", mfa_factors: [{ totp: { secret: "2PRXZWZAYYDAWCD2PRXZ" } }, { phone: { value: "+14155550100" } }, { email: { value: "Second@Example.com" } }] },
    ]);
    await runToEnd(id);
    const user = await db().user.findFirstOrThrow({ where: { email: "mfa@example.com" }, include: { factors: { orderBy: { type: "asc" } } } });
    expect(user.factors.map((f) => [f.type, f.address, f.confirmedAt !== null])).toEqual([
      ["email", "second@example.com", true],
      ["otp", null, true],
      ["phone", "+14155550100", true],
    ]);
    const otp = user.factors.find((f) => f.type === "otp")!;
    expect(otp.secretSealed).not.toContain("2PRXZ");
    expect(openSecret(otp.secretSealed!, user.id)).toBe("2PRXZWZAYYDAWCD2PRXZ");
  });

  it("lists every refused user of a file that refuses more than a page of them, in file order, streamed for the API", async () => {
    const users = Array.from({ length: 1203 }, (_, i) => ({ email: `refused-${i}` }));
    const { id } = await newImport(users);
    await runToEnd(id);
    expect(await userImportJobView(id)).toMatchObject({ status: "completed", summary: { inserted: 0, failed: 1203 } });
    const all = await userImportErrors(id);
    expect(all!.map((e) => e.index)).toEqual(users.map((_, i) => i));
    expect((await userImportErrors(id, 200))!.map((e) => e.index)).toEqual(all!.slice(0, 200).map((e) => e.index));
    const streamed = JSON.parse(await new Response(await userImportErrorsJson(id)).text()) as unknown[];
    expect(streamed).toEqual(JSON.parse(JSON.stringify(all)));
    expect(await userImportErrorsJson("job_0000000000000000")).toBeNull();
    const clean = await newImport([{ email: "clean@example.com" }]);
    await runToEnd(clean.id);
    expect(await new Response(await userImportErrorsJson(clean.id)).text()).toBe("[]");
  }, 120_000);

  it("fails the whole job with a message when the file is not a JSON array, and imports nothing", async () => {
    const { id } = await newImport('{"email": "x@example.com"}');
    await runToEnd(id);
    expect(await userImportJobView(id)).toMatchObject({ status: "failed", status_details: "The users file must be a JSON array of user objects." });
    expect(await db().user.count({ where: { email: "x@example.com" } })).toBe(0);
  });

  it("emails every admin once when an import that asked for send_completion_email ends, and nobody when it did not", async () => {
    const connectionId = await defaultConnectionId();
    await db().user.create({ data: { id: "a".repeat(24), connectionId, email: "owner@admins.example", role: "admin" } });
    const mails = () => db().job.findMany({ where: { type: "email.send" } }).then((jobs) => jobs.map((j) => j.payload as { to: string; subject: string; text: string }));
    const before = (await mails()).length;

    const quiet = await newImport([{ email: "quiet@notify.example" }], false, false);
    await runToEnd(quiet.id);
    expect((await mails()).length).toBe(before);

    const told = await newImport([{ email: "told@notify.example" }, { email: "broken" }], false, true);
    await runToEnd(told.id);
    await runToEnd(told.id); // a second run of a finished import sends nothing more
    const sent = (await mails()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "owner@admins.example", subject: `Users import ${told.id} completed` });
    expect(sent[0]!.text).toContain("1 inserted, 0 updated, 1 refused");
  });

  it("writes the completion email in each admin's own language, else the tenant's", async () => {
    const connectionId = await defaultConnectionId();
    await db().user.create({ data: { id: "b".repeat(24), connectionId, email: "lee@admins.example", role: "admin", userMetadata: { locale: "es" } } });
    await db().user.create({ data: { id: "c".repeat(24), connectionId, email: "kim@admins.example", role: "admin" } });
    const done = await newImport([{ email: "one@notify.example" }], false, true);
    await runToEnd(done.id);
    const jobs = await db().job.findMany({ where: { type: "email.send" } });
    const mailTo = (to: string) => jobs.map((j) => j.payload as { to: string; subject: string; text: string }).find((m) => m.to === to);
    expect(mailTo("lee@admins.example")).toMatchObject({ subject: `Importación de usuarios ${done.id} completada` });
    expect(mailTo("lee@admins.example")!.text).toContain("Añadidos: 1, actualizados: 0, rechazados: 0.");
    expect(mailTo("kim@admins.example")).toMatchObject({ subject: `Users import ${done.id} completed` });
  });
});
