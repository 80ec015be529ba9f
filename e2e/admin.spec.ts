import { expect, test, type Browser, type Page } from "@playwright/test";
import { runSampleActionTest } from "./fixtures/console";
import { chooseNewPassword } from "./fixtures/reset";
import { ADMIN_EMAIL, STRONG_PASSWORD, adminPassword, signIn, signUp, uniqueEmail } from "./fixtures/users";
import { dropAction, receivedWebhooks } from "./fixtures/webhooks";

// Posts what the post-change-password trigger received to the webhook receiver.
const NOTIFY_ACTION = `
exports.onExecutePostChangePassword = async (event) => {
  console.log("admin journey saw", event.user.email);
  await fetch(event.secrets.WEBHOOK_BASE + "/hook/admin-change", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: event.user.email, user_id: event.user.user_id, connection: event.connection.name }),
  });
};
`;

type ChangeBody = { email: string; user_id: string; connection: string };

/** A second browser with its own cookies, signed in as the admin. */
async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

async function openUser(admin: Page, email: string) {
  await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByRole("heading", { level: 1, name: email })).toBeVisible();
}

const main = (page: Page) => page.getByRole("main");

test("an admin sets a user's password: the user's session ends and the post-change-password Action gets the event", async ({ page, browser }) => {
  const removeAction = dropAction("post-change-password", "50-admin-notify.js", NOTIFY_ACTION);
  try {
    const { email } = await signUp(page, uniqueEmail("kestrel"));
    const before = (await receivedWebhooks("/hook/admin-change", 0)).length;

    const admin = await adminPage(browser);
    await openUser(admin, email);
    await admin.getByLabel("New password", { exact: true }).fill("Marigold-Lantern-61");
    await admin.getByLabel("Confirm new password").fill("Marigold-Lantern-61");
    await admin.getByRole("button", { name: "Set password" }).click();
    await expect(main(admin).getByRole("status").filter({ hasText: "Every session of this user was signed out" })).toBeVisible();

    // The user's open session is over at its next request.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);

    const hooks = await receivedWebhooks("/hook/admin-change", before + 1);
    const mine = hooks.map((h) => h.body as ChangeBody).filter((b) => b.email === email);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/), connection: "Username-Password-Authentication" });

    await signIn(page, email, "Marigold-Lantern-61");
    await expect(page).toHaveURL(/\/account$/);

    // The Actions page shows the execution with its console output.
    await admin.goto("/admin/actions");
    const section = admin.getByRole("region", { name: "Recent executions of post-change-password" });
    await expect(section.getByRole("row").filter({ hasText: "50-admin-notify.js" }).first()).toBeVisible();
    await admin.context().close();
  } finally {
    removeAction();
  }
});

test("a ticket from the Management API (client seeded at start) completes a reset in the browser", async ({ page, request }) => {
  const [clientId, clientSecret] = process.env.E2E_MACHINE_CLIENT!.split(":");
  const { email } = await signUp(page, uniqueEmail("osprey"));
  await page.context().clearCookies();
  const token = await request.post("/oauth/token", { data: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret } });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const [user] = (await (await request.get(`/api/v2/users-by-email?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as Array<{ user_id: string }>;
  const created = await request.post("/api/v2/tickets/password-change", {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { user_id: user!.user_id, result_url: "https://app.example.com/signed-out", ttl_sec: 600 },
  });
  expect(created.status()).toBe(201);
  const { ticket } = (await created.json()) as { ticket: string };

  await page.goto(ticket);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.route("https://app.example.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>App</title><main>Back in the app</main>" }));
  await chooseNewPassword(page, "Cormorant-Ledge-63");
  await expect(page).toHaveURL("https://app.example.com/signed-out");
});

test("a reset link made in the console completes a reset once", async ({ page, browser }) => {
  const { email } = await signUp(page, uniqueEmail("heron"));
  await page.context().clearCookies();

  const admin = await adminPage(browser);
  await openUser(admin, email);
  await admin.getByLabel("Link lifetime").selectOption({ label: "1 hour" });
  await admin.getByRole("button", { name: "Create reset link" }).click();
  const link = await admin.getByLabel("Reset link", { exact: true }).inputValue();
  expect(link).toMatch(/\/reset\/verify\?ticket=[A-Za-z0-9_-]{43}$/);

  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await chooseNewPassword(page, "Juniper-Harbor-62");
  await expect(page).toHaveURL(/\/reset\/done$/);

  // The link once more, in the browser that used it: the reset is over, and it says so.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your password was already changed" })).toBeVisible();

  await signIn(page, email, "Juniper-Harbor-62");
  await expect(page).toHaveURL(/\/account$/);

  // The tenant log has the console's change and the reset, filterable by user.
  await admin.goto(`/admin/logs?user=${encodeURIComponent(email)}&type=sapi`);
  await expect(main(admin).getByRole("cell", { name: "Create a Password Change Ticket" })).toBeVisible();
  await admin.context().close();
});

test("a person without the admin role cannot open the console or use the Management API", async ({ page, request }) => {
  for (const path of ["/admin", "/admin/logs", "/admin/actions", "/admin/deliveries", "/admin/clients", "/admin/applications", "/admin/apis", "/admin/connection"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  }
  await signUp(page, uniqueEmail("not-admin"), STRONG_PASSWORD);
  for (const path of ["/admin", "/admin/logs", "/admin/users/000000000000000000000000", "/admin/clients", "/admin/applications", "/admin/apis"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/forbidden$/);
  }
  // A signed-in session is not an API credential.
  const withSession = await page.request.get("/api/v2/users");
  expect(withSession.status()).toBe(401);
  expect(await withSession.json()).toEqual({ statusCode: 401, error: "Unauthorized", message: "Missing authentication" });
  const create = await page.request.post("/api/v2/users", { data: { connection: "Username-Password-Authentication", email: uniqueEmail(), password: STRONG_PASSWORD } });
  expect(create.status()).toBe(401);
  const forged = await request.get("/api/v2/users", { headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6InJlYWQ6dXNlcnMifQ." } });
  expect(await forged.json()).toMatchObject({ statusCode: 401, message: "Invalid token" });
});

test("an API client made in the console gets a token and calls the API", async ({ browser, request }) => {
  const admin = await adminPage(browser);

  await admin.goto("/admin/clients");
  await admin.getByLabel("Name").fill("E2E provisioning");
  await admin.getByLabel("read:users").check();
  await admin.getByLabel("read:logs").check();
  await admin.getByRole("button", { name: "Create client" }).click();
  const clientId = await admin.getByLabel("Client ID", { exact: true }).inputValue();
  const clientSecret = await admin.getByLabel("Client secret", { exact: true }).inputValue();

  const token = await request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret } });
  expect(token.status()).toBe(200);
  const { access_token: accessToken, scope } = (await token.json()) as { access_token: string; scope: string };
  expect(scope).toBe("read:users read:logs");
  const users = await request.get(`/api/v2/users-by-email?email=${encodeURIComponent(ADMIN_EMAIL)}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(await users.json()).toEqual([expect.objectContaining({ email: ADMIN_EMAIL })]);
  const forbidden = await request.delete("/api/v2/users/auth0|000000000000000000000000", { headers: { authorization: `Bearer ${accessToken}` } });
  expect(await forbidden.json()).toEqual({ statusCode: 403, error: "Forbidden", message: "Insufficient scope, expected any of: delete:users", errorCode: "insufficient_scope" });

  await admin.getByRole("button", { name: "Revoke E2E provisioning" }).click();
  await expect(admin.getByRole("row").filter({ hasText: clientId })).toContainText("Revoked");
  const revoked = await request.get("/api/v2/users", { headers: { authorization: `Bearer ${accessToken}` } });
  expect((await revoked.json()) as unknown).toMatchObject({ statusCode: 401, message: "Invalid token" });

  await admin.goto("/admin");
  await admin.getByRole("link", { name: ADMIN_EMAIL }).click();
  await expect(admin.getByRole("heading", { level: 1, name: ADMIN_EMAIL })).toBeVisible();

  await runSampleActionTest(admin, async (panel) => {
    // The console's own rules apply: an unclosed block in globals.css once nested every one of
    // them under another selector, and this field shrank to its rows.
    await expect(panel.getByLabel("Event as JSON")).toHaveCSS("min-height", "192px");
  });

  await admin.goto("/admin/deliveries");
  await admin.getByRole("link", { name: /delivery$/ }).first().click();
  await expect(admin.getByRole("heading", { level: 1, name: /delivery$/ })).toBeVisible();

  await admin.context().close();
});
