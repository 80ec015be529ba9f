import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import bcryptjs from "bcryptjs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_EMAIL, adminPassword, signIn, uniqueEmail } from "./fixtures/users";

/** The admin, signed in, in a context of its own; without JavaScript when asked (the import page needs none). */
async function adminPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const signInContext = await browser.newContext();
  const page = await signInContext.newPage();
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).not.toHaveURL(/\/login/);
  if (options.javaScriptEnabled !== false) return page;
  const storageState = await signInContext.storageState();
  await signInContext.close();
  return (await browser.newContext({ javaScriptEnabled: false, storageState })).newPage();
}

/** Signs in from a fresh browser and says whether it worked. */
async function signsIn(browser: Browser, email: string, password: string): Promise<void> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await page.context().close();
}

const foreignCount = (admin: Page) => admin.getByRole("main").getByRole("status").first();

test("an admin imports Auth0's file without JavaScript; bcrypt and sha256 users sign in with their old passwords and their hashes are upgraded; the export downloads", async ({ browser }) => {
  // Two bcrypt-10 verifies, the import job and the export job on a shared machine.
  test.setTimeout(240_000);
  const bcryptUser = uniqueEmail("imported-bcrypt");
  const shaUser = uniqueEmail("imported-sha256");
  const salt = randomBytes(8).toString("hex");
  const file = JSON.stringify([
    // Auth0 exports bcrypt as $2a$ / $2b$; made by bcryptjs (cost 10), not by Rekey's verifier.
    { email: bcryptUser, email_verified: true, password_hash: bcryptjs.hashSync("Old-Bcrypt-Secret-1", 10) },
    {
      email: shaUser,
      custom_password_hash: {
        algorithm: "sha256",
        hash: { value: createHash("sha256").update(`${salt}Old-Sha256-Secret-1`).digest("base64"), encoding: "base64" },
        salt: { value: salt, encoding: "utf8", position: "prefix" },
      },
    },
    { email: "broken-hash@example.com", password_hash: "$1$not-bcrypt" },
  ]);

  const admin = await adminPage(browser, { javaScriptEnabled: false });
  await admin.goto("/admin/import");
  await admin.getByLabel("Users file").setInputFiles({ name: "users.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await admin.getByLabel("Email the admins when the import ends").uncheck();
  await admin.getByRole("button", { name: "Import", exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/import\?job=job_[0-9a-f]{16}$/);
  // The page reloads itself (a meta refresh, no script) until the job is done.
  await expect(admin.getByTestId("import-status")).toHaveText("completed", { timeout: 60_000 });
  await expect(admin.getByText("2 inserted, 0 updated, 1 refused")).toBeVisible();
  const refused = admin.getByRole("table", { name: "Refused users" });
  await expect(refused.getByRole("row").nth(1)).toContainText("broken-hash@example.com");
  await expect(refused.getByRole("row").nth(1)).toContainText("password_hash");
  await expect(foreignCount(admin)).toContainText(/\d+ imported passwords are still in the old system's form/);
  const before = Number(/(\d+) imported/.exec((await foreignCount(admin).textContent()) ?? "")![1]);

  // A wrong password does not change anything; the right one signs in and replaces the hash.
  const wrong = await (await browser.newContext()).newPage();
  await signIn(wrong, bcryptUser, "Old-Bcrypt-Secret-2");
  await expect(wrong.getByRole("main").getByRole("alert")).toBeVisible();
  await signsIn(browser, bcryptUser, "Old-Bcrypt-Secret-1");
  await admin.reload();
  await expect(foreignCount(admin)).toContainText(`${before - 1} imported password`);
  await signsIn(browser, shaUser, "Old-Sha256-Secret-1");
  await admin.reload();
  await expect(foreignCount(admin)).toContainText(before - 2 === 0 ? "No imported password is waiting" : `${before - 2} imported password`);
  // Signed in with argon2id now: the old password still works, from the new hash.
  await signsIn(browser, bcryptUser, "Old-Bcrypt-Secret-1");

  // Export: the button queues the job, the page shows the link once the file is made.
  const exporter = await adminPage(browser);
  await exporter.goto("/admin/import");
  await exporter.getByLabel("Format").selectOption("csv");
  await exporter.getByRole("button", { name: "Export users" }).click();
  await expect(exporter).toHaveURL(/\?export=job_/);
  const link = exporter.getByRole("link", { name: /^Download job_[0-9a-f]{16}\.csv\.gz$/ }).first();
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([exporter.waitForEvent("download"), link.click()]);
  const csv = zlib.gunzipSync(fs.readFileSync((await download.path())!)).toString("utf8");
  expect(csv.split("\n")[0]).toBe("user_id,email,email_verified,username,name,given_name,family_name,nickname,picture,phone_number,phone_verified,blocked,created_at,updated_at,last_login,logins_count");
  expect(csv).toContain(`,${bcryptUser},true,`);
  expect(csv).not.toContain("$2");
});

test("a user of the old system is migrated lazily through the Custom Database login script at their first sign-in", async ({ browser }) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("lazy");
  const script = path.join(process.env.E2E_ACTIONS_DIR!, "custom-database", "login.js");
  fs.mkdirSync(path.dirname(script), { recursive: true });
  // Auth0's script form, unchanged.
  fs.writeFileSync(
    script,
    `function login(email, password, callback) {
  if (email !== ${JSON.stringify(email)} || password !== "Old-System-Secret-1") return callback(new WrongUsernameOrPasswordError(email));
  callback(null, { user_id: "legacy-7", email: email, email_verified: true, name: "Lazy Migrant" });
}
`,
  );
  const admin = await adminPage(browser);
  const setImportMode = async (on: boolean) => {
    await admin.goto("/admin/connection");
    const box = admin.getByLabel(/Import users from the old system/);
    if (on) await box.check();
    else await box.uncheck();
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByRole("main").getByRole("alert").or(admin.getByRole("main").getByRole("status")).first()).toBeVisible();
  };
  try {
    await setImportMode(true);
    const wrong = await (await browser.newContext()).newPage();
    await signIn(wrong, email, "Not-The-Secret-1");
    await expect(wrong.getByRole("main").getByRole("alert")).toBeVisible();
    await signsIn(browser, email, "Old-System-Secret-1");
    await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
    await expect(admin.getByRole("link", { name: email })).toBeVisible();
    // Migrated: the script is gone and import mode is off, and the user still signs in.
    fs.rmSync(script);
    await setImportMode(false);
    await signsIn(browser, email, "Old-System-Secret-1");
  } finally {
    fs.rmSync(script, { force: true });
    await setImportMode(false);
  }
});
