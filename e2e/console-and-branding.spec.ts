import { expect, test, type Browser, type Page } from "@playwright/test";
import fs from "node:fs/promises";
import { addSecurityKey, makeRecoveryCodes, openSecurityPage } from "./fixtures/factors";
import { requestReset } from "./fixtures/reset";
import { ADMIN_EMAIL, STRONG_PASSWORD, adminPassword, signIn, signUp, uniqueEmail } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";
import { dropAction } from "./fixtures/webhooks";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const HOSTILE_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>parent.pwned = true</script><rect width="1" height="1"/></svg>');

/** The admin, signed in (with JavaScript: sign-in without it is another item's work), in a context of its own. */
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

/** Puts the defaults back, so the specs that run after this one see Rekey's own look. */
async function restoreDefaults(admin: Page) {
  await admin.goto("/admin/branding");
  for (const label of ["Product name", "Primary colour", "Background colour"]) await admin.getByLabel(label).fill("");
  for (const box of [/Remove the logo/, /Remove the favicon/]) {
    const checkbox = admin.getByLabel(box);
    if (await checkbox.count()) await checkbox.check();
  }
  await admin.getByRole("button", { name: "Save branding" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Branding saved." })).toBeVisible();
}

test("branding: an admin sets a colour and a logo in the console; /login and the reset email show them", async ({ page, browser }) => {
  const admin = await adminPage(browser);
  try {
    await admin.goto("/admin/branding");
    await admin.getByLabel("Product name").fill("Acme ID");
    // A colour that is not hex is refused next to its field, and what was typed stays.
    await admin.getByLabel("Primary colour").fill("blue;}*{display:none");
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expect(admin.locator("#field-primaryColor-error")).toContainText("Enter a colour like #4f46e5.");
    await expect(admin.getByLabel("Product name")).toHaveValue("Acme ID");

    await admin.getByLabel("Primary colour").fill("#FFCC00");
    await admin.getByLabel("Background colour").fill("#fffbeb");
    await admin.getByLabel("Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Branding saved." })).toBeVisible();
    await admin.reload();
    // Yellow fails AA with white text: the console says so, and buttons get black text.
    await expect(admin.getByText("Low contrast with white text")).toBeVisible();
    await expect(admin.getByLabel("Primary colour")).toHaveValue("#ffcc00");

    await page.goto("/login");
    await expect(page).toHaveTitle(/Acme ID/);
    const logo = page.getByRole("banner").getByRole("img", { name: "Acme ID" });
    await expect(logo).toBeVisible();
    await expect(page.locator(".brand__mark")).toHaveCount(0);
    const signInButton = page.getByRole("button", { name: "Sign in" });
    await expect(signInButton).toHaveCSS("background-color", "rgb(255, 204, 0)");
    await expect(signInButton).toHaveCSS("color", "rgb(0, 0, 0)");

    const src = (await logo.getAttribute("src"))!;
    const served = await page.request.get(src);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
    const etag = served.headers()["etag"]!;
    expect((await page.request.get(src, { headers: { "If-None-Match": etag } })).status()).toBe(304);

    const { email } = await signUp(page, uniqueEmail("branded"));
    const mail = await requestReset(page, email);
    expect(mail.html).toContain("background-color:#ffcc00;color:#000000;");
    expect(mail.html).toMatch(/<img src="http[^"]+\/branding\/logo\?v=[0-9a-f]{16}" alt="Acme ID"/);
    expect(mail.text.startsWith("Acme ID\n")).toBe(true);
  } finally {
    await restoreDefaults(admin);
    await admin.context().close();
  }
  await page.goto("/login");
  await expect(page.locator(".brand__mark")).toHaveText("R");
});

test("branding works without JavaScript, and an uploaded SVG cannot run script on our origin", async ({ browser }) => {
  const admin = await adminPage(browser, { javaScriptEnabled: false });
  try {
    await admin.goto("/admin/branding");
    await admin.getByLabel("Favicon").setInputFiles({ name: "icon.svg", mimeType: "image/svg+xml", buffer: HOSTILE_SVG });
    await admin.getByLabel("Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expect(admin.locator("#field-logo-error")).toHaveText("The logo must be a PNG, SVG, ICO or WebP image.");

    await admin.getByLabel("Favicon").setInputFiles({ name: "icon.svg", mimeType: "image/svg+xml", buffer: HOSTILE_SVG });
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expect(admin.getByText("Branding saved.")).toBeVisible();

    await admin.goto("/login");
    const href = (await admin.locator('link[rel="icon"]').getAttribute("href"))!;
    expect(href).toMatch(/^\/branding\/favicon\?v=[0-9a-f]{16}$/);
    const served = await admin.request.get(href);
    expect(served.headers()["content-type"]).toBe("image/svg+xml");
    expect(served.headers()["x-content-type-options"]).toBe("nosniff");
    // Opened directly, with JavaScript on, the SVG's script does not run on our origin.
    const viewer = await browser.newPage();
    await viewer.goto(href);
    expect(await viewer.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await viewer.close();
  } finally {
    await restoreDefaults(admin);
    await admin.context().close();
  }
});

test("recovery codes can be copied, downloaded and printed, and close only once saved; keys get a default name and can be renamed; the TOTP key has a copy button", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, uniqueEmail("keeper"));
  await openSecurityPage(page, STRONG_PASSWORD);

  await addVirtualAuthenticator(page);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Security key 1");
  await addSecurityKey(page, "Security key 1");
  const keys = page.getByRole("region", { name: "Your security keys and passkeys" });
  await expect(keys.getByRole("cell", { name: "Security key 1", exact: true })).toBeVisible();
  await keys.getByText("Rename").click();
  await keys.getByLabel("New name").fill("Desk key");
  await keys.getByRole("button", { name: "Save name" }).click();
  await expect(keys.getByRole("cell", { name: "Desk key", exact: true })).toBeVisible();
  await expect(keys.getByRole("cell", { name: "Security key 1", exact: true })).toHaveCount(0);

  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const secret = (await page.getByTestId("otp-secret").innerText()).replace(/\s/g, "");
  await page.getByRole("button", { name: "Copy key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  const codes = await makeRecoveryCodes(page);
  await page.getByRole("button", { name: "Copy recovery codes" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(codes.join("\n"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download (.txt)" }).click()]);
  expect(download.suggestedFilename()).toBe("recovery-codes.txt");
  const text = await fs.readFile((await download.path())!, "utf8");
  for (const code of codes) expect(text).toContain(code);
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();

  // "Done" stays closed until the person says the codes are saved.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("list", { name: "Your recovery codes" })).toBeVisible();
  await page.getByLabel("I have saved these codes somewhere safe").check();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("list", { name: "Your recovery codes" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Your recovery codes" })).toContainText("10 of 10 left");
});

test("the Actions page lists the secrets each file reads, marks the missing ones, and puts the Test panel beside the files", async ({ browser }) => {
  const remove = dropAction(
    "post-change-password",
    "70-reads-secrets.js",
    "exports.onExecutePostChangePassword = async (event) => { await fetch(event.secrets.SESSIONS_URL + event.secrets.WEBHOOK_BASE); };\n",
  );
  const admin = await adminPage(browser);
  try {
    await admin.goto("/admin/actions");
    const secrets = admin.getByRole("list", { name: "Secrets read by 70-reads-secrets.js" });
    await expect(secrets.getByRole("listitem").filter({ hasText: "SESSIONS_URL" })).toContainText("missing");
    await expect(secrets.getByRole("listitem").filter({ hasText: "SESSIONS_URL" })).toContainText("ACTION_SECRET_SESSIONS_URL__READS_SECRETS");
    await expect(secrets.getByRole("listitem").filter({ hasText: "WEBHOOK_BASE" })).toContainText("set");
    const section = admin.getByRole("region", { name: "Post change password" });
    const test = (await section.getByRole("heading", { name: "Test", level: 3 }).boundingBox())!;
    const file = (await section.locator("strong", { hasText: "70-reads-secrets.js" }).boundingBox())!;
    const history = (await section.getByRole("heading", { name: "Recent executions" }).boundingBox())!;
    expect(test.y).toBeLessThan(history.y);
    expect(test.x).toBeGreaterThan(file.x + file.width);
  } finally {
    remove();
    await admin.context().close();
  }
});

test("console: blocking a user asks for confirmation first", async ({ page, browser }) => {
  const { email } = await signUp(page, uniqueEmail("confirm"));
  const admin = await adminPage(browser);
  try {
    await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
    await admin.getByText(`Actions for ${email}`).click();
    await admin.locator("summary", { hasText: `Block ${email}` }).click();
    await expect(admin.getByText(`Block ${email}? They are signed out everywhere`)).toBeVisible();
    // Opening the question changed nothing yet.
    await expect(admin.getByRole("cell", { name: "Blocked" })).toHaveCount(0);
    await admin.getByRole("button", { name: `Yes, block ${email}` }).click();
    await expect(admin.getByRole("cell", { name: "Blocked" })).toBeVisible();
  } finally {
    await admin.context().close();
  }
});

test("console: an admin lands on /admin after signing in, a user on /account", async ({ page, browser }) => {
  const admin = await adminPage(browser);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.context().close();
  const { email, password } = await signUp(page, uniqueEmail("lander"));
  const other = await (await browser.newContext()).newPage();
  await signIn(other, email, password);
  await expect(other).toHaveURL(/\/account$/);
  await other.context().close();
});

test("console at phone width: nothing scrolls sideways, the nav collapses into a menu, one actions menu per user, logs and deliveries name the user", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { email } = await signUp(page, uniqueEmail("console-phone"));
  const admin = await adminPage(browser);
  try {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
    const userHref = await admin.getByRole("link", { name: email, exact: true }).getAttribute("href");
    for (const path of ["/admin", "/admin/logs", "/admin/deliveries", "/admin/actions", "/admin/clients", "/admin/connection", "/admin/branding", userHref!]) {
      await admin.goto(path);
      const [scrollWidth, innerWidth] = await admin.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scrollWidth, `${path} at 390 px`).toBe(innerWidth);
    }

    // The nav is one "Menu" disclosure; its links work.
    await admin.goto("/admin");
    const visibleNavLinks = admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deliveries" });
    await expect(visibleNavLinks).toHaveCount(0);
    await admin.locator("summary", { hasText: /^Menu: Users$/ }).click();
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Logs" }).click();
    await expect(admin).toHaveURL(/\/admin\/logs$/);

    // One actions menu per user: its entries lead to the user's page sections.
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
    await admin.getByText(`Actions for ${email}`).click();
    await admin.getByRole("link", { name: "Set password" }).click();
    await expect(admin).toHaveURL(new RegExp(`${userHref}#password-heading$`));
    await admin.getByLabel("New password", { exact: true }).fill("Marigold-Lantern-62");
    await admin.getByLabel("Confirm new password").fill("Marigold-Lantern-62");
    await admin.getByRole("button", { name: "Set password" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Every session of this user was signed out" })).toBeVisible();

    // The tenant log's User column shows the email, never a bare id.
    await admin.goto(`/admin/logs?user=${encodeURIComponent(email)}`);
    const userCells = admin.getByRole("region", { name: "Log events" }).locator("tbody tr td:nth-child(4)");
    await expect(userCells.first()).toHaveText(email);
    expect(new Set(await userCells.allTextContents())).toEqual(new Set([email]));

    // Deliveries name whom they are for, and colour their status (the word stays).
    await admin.goto("/admin/deliveries");
    const row = admin.getByRole("region", { name: "Deliveries" }).locator("tbody tr").filter({ hasText: email }).first();
    await expect(row.getByRole("cell", { name: email })).toBeVisible();
    const badge = row.locator(".badge");
    await expect(badge).toHaveText(/Pending|Running|Retrying|Delivered|Dead/);
    await expect(badge).toHaveClass(/badge--(info|warning|success|danger)/);
  } finally {
    await admin.context().close();
  }
});
