import { expect, test, type Browser } from "@playwright/test";
import { chooseNewPassword, followResetLink, requestReset } from "./fixtures/reset";
import { ADMIN_EMAIL, adminPassword, signIn, signUp, STRONG_PASSWORD, uniqueEmail } from "./fixtures/users";

async function newUserSignedIn(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await signUp(page);
  return { context, page, ...user };
}

test("the whole reset by email link: nothing is consumed by opening it, the old session ends", async ({ browser }) => {
  const victim = await newUserSignedIn(browser);
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto("/login");
  await page.getByRole("button", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/reset$/);
  const mail = await requestReset(page, victim.email);
  expect(mail.text).toContain("Rekey");
  expect(mail.text).toMatch(/from IP address \S+/);
  expect(mail.text).toMatch(/expire in 30 minutes/);
  expect(mail.html).toContain("/reset/verify?ticket=");

  // A link scanner (another browser) fetches the link: it must still work afterwards.
  const scanner = await browser.newContext();
  const scannerPage = await scanner.newPage();
  const scanned = await scannerPage.goto(mail.link);
  expect(scanned?.headers()["referrer-policy"]).toBe("same-origin");
  expect(scanned?.headers()["cache-control"]).toContain("no-store");
  await expect(scannerPage.getByRole("button", { name: "Continue" })).toBeVisible();

  await page.goto(mail.link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/reset\/password$/);

  await page.getByLabel("New password", { exact: true }).fill("weak");
  await expect(page.getByText(/At least 8 characters/)).toBeVisible();
  await page.getByRole("button", { name: "Show password" }).first().click();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("type", "text");
  await page.getByLabel("Confirm new password").fill("weak");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.locator(".field__error").first()).toContainText(/needs/);

  await chooseNewPassword(page, "Recovered-Pass-808");
  await expect(page).toHaveURL(/\/reset\/done$/);
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

  // The session that was open before the reset is gone; the new password works.
  await victim.page.goto("/account");
  await expect(victim.page).toHaveURL(/\/login/);
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, victim.email, "Recovered-Pass-808");
  await expect(page).toHaveURL(/\/account$/);

  // The scanner's page, pressed now, and the link opened again: both refused with a clear page.
  await scannerPage.getByRole("button", { name: "Continue" }).click();
  await expect(scannerPage).toHaveURL(/\/reset\/error\?code=RESET_LINK_USED/);
  await expect(scannerPage.getByRole("main").getByRole("alert")).toContainText("already used");
  await scannerPage.goto(mail.link);
  await expect(scannerPage.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  for (const c of [victim.context, context, scanner]) await c.close();
});

test("the code typed into the tab that asked, for mail read on another device", async ({ browser }) => {
  const { context, page, email } = await newUserSignedIn(browser);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const mail = await requestReset(page, email);
  await page.getByLabel("Code from the email").fill("000000" === mail.code ? "111111" : "000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".field__error")).toContainText("4 tries left");
  await page.getByLabel("Code from the email").fill(`${mail.code.slice(0, 3)} ${mail.code.slice(3)}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await chooseNewPassword(page, "Code-Path-Pass-919");
  await expect(page).toHaveURL(/\/reset\/done$/);

  // The code burned the link; in this browser, which finished the reset, it says so.
  await page.goto(mail.link);
  await expect(page.getByRole("heading", { name: "Your password was already changed" })).toBeVisible();
  await context.close();
});

test("a link consumed in one browser cannot be continued in another", async ({ browser }) => {
  const { context: asker, page: askerPage, email } = await newUserSignedIn(browser);
  const mail = await requestReset(askerPage, email);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await followResetLink(otherPage, mail.link);
  await expect(otherPage).toHaveURL(/\/reset\/password$/);

  await askerPage.goto("/reset/password");
  await expect(askerPage.getByRole("main").getByRole("alert")).toContainText("continues in the browser where the email link was opened");
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto("/reset/password");
  await expect(freshPage.getByRole("main").getByRole("alert")).toContainText("no password reset in progress");
  for (const c of [asker, other, fresh]) await c.close();
});

test("only the newest link works: an earlier one is refused as superseded", async ({ page }) => {
  const { email } = await signUp(page);
  const first = await requestReset(page, email);
  const second = await requestReset(page, email);
  expect(second.link).not.toBe(first.link);
  await page.goto(first.link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("A newer reset link was sent");
  await followResetLink(page, second.link);
  await expect(page).toHaveURL(/\/reset\/password$/);
});

// Regression: a link mailed earlier still reset the password after the user's own change.
test("a link mailed before the user changed the password is refused with a page that says why", async ({ browser }) => {
  const { context, page, email } = await newUserSignedIn(browser);
  const mail = await requestReset(page, email);
  await page.goto("/account");
  await page.getByLabel("Current password").fill(STRONG_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("Changed-Meanwhile-51");
  await page.getByLabel("Confirm new password").fill("Changed-Meanwhile-51");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  await page.goto(mail.link);
  await expect(page.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("cancelled because the account changed");
  await context.close();
});

test("an expired link is refused with a clear page", async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signIn(adminPage, ADMIN_EMAIL, adminPassword());
  await expect(adminPage).toHaveURL(/\/admin$/);
  const setLifetime = async (seconds: string) => {
    await adminPage.goto("/admin/connection");
    await adminPage.getByLabel("Reset link lifetime (seconds)").fill(seconds);
    await adminPage.getByRole("button", { name: "Save settings" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: "Settings saved" })).toBeVisible();
  };
  await setLifetime("2");
  try {
    const user = await browser.newContext();
    const userPage = await user.newPage();
    const { email } = await signUp(userPage);
    const mail = await requestReset(userPage, email);
    // Opening the link changes nothing, so it can be looked at until its two seconds are over.
    await expect(async () => {
      await userPage.goto(mail.link);
      await expect(userPage.getByRole("main").getByRole("alert")).toContainText("expired", { timeout: 200 });
    }).toPass({ timeout: 15_000 });
    await user.close();
  } finally {
    await setLifetime("1800");
    await admin.close();
  }
});

test("asking for a reset answers alike for a known and an unknown address", async ({ page }) => {
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // Captures the server action's raw answer (status, headers, body) on its way to the page.
  let answer: { status: number; headers: Record<string, string>; body: string } | null = null;
  await page.route("**/reset", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    answer = { status: response.status(), headers: response.headers(), body: await response.text() };
    await route.fulfill({ response });
  });
  const submit = async (identifier: string) => {
    answer = null;
    await page.goto("/reset");
    await page.getByLabel(/^Email/).fill(identifier);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page).toHaveURL(/\/reset\/sent$/);
    const { status, headers, body } = answer!;
    return {
      status,
      contentType: headers["content-type"],
      redirect: headers["x-action-redirect"],
      // Every cookie set, by name (their order follows the jar, which the browser's earlier visit changes).
      cookieNames: (headers["set-cookie"] ?? "").split("\n").map((line) => /^[^=]+/.exec(line)?.[0]).sort(),
      // React's per-render random keys and the per-response CSP nonce differ between any two
      // answers; nothing else may.
      // "Check your email" repeats what was typed: the same words for either address. The answer
      // is React's flight stream, whose rows arrive in the order their parts finish rendering (seen
      // to differ under load): compared as the same rows, in any order.
      body: body.replaceAll(identifier, "<typed>").replace(/"[A-Za-z0-9_-]{20,}"/g, '"<random>"').replace(/[A-Za-z0-9+/]{22}==/g, "<nonce>").split("\n").sort(),
      page: (await page.getByRole("main").innerText()).replaceAll(identifier, "<typed>"),
    };
  };
  const known = await submit(email);
  const unknown = await submit(uniqueEmail("nobody"));
  expect(unknown).toEqual(known);
  expect(known.cookieNames).toEqual(["rekey_reset", "rekey_reset_typed"]);
});

test("hostile input on the reset forms and the link endpoint gets clear errors, never a stack trace", async ({ page, request }) => {
  await page.goto("/reset");
  await page.getByLabel(/^Email/).evaluate((el) => ((el as HTMLInputElement).value = "x".repeat(1_000_000)));
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.locator(".field__error")).toContainText("too long");
  await page.getByLabel(/^Email/).fill("");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.locator(".field__error")).toContainText("Enter your email");

  await page.goto("/reset/verify?ticket=%00%E2%80%AE%F0%9F%98%80");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not valid");

  const origin = new URL(page.url()).origin;
  const cases: { headers: Record<string, string>; data: string | Buffer; expected: RegExp }[] = [
    { headers: { origin, "content-type": "application/x-www-form-urlencoded" }, data: `ticket=${"A".repeat(43)}`, expected: /RESET_LINK_INVALID/ },
    { headers: { origin, "content-type": "application/x-www-form-urlencoded" }, data: `ticket=${"x".repeat(2_000_000)}`, expected: /PAYLOAD_TOO_LARGE/ },
    { headers: { origin, "content-type": "application/json" }, data: Buffer.from("{not json"), expected: /INVALID_JSON/ },
    { headers: { origin, "content-type": "application/json" }, data: JSON.stringify({ ticket: 42 }), expected: /INVALID_INPUT/ },
    { headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, data: "ticket=x", expected: /CSRF_FAILED/ },
    { headers: { "content-type": "application/x-www-form-urlencoded" }, data: "ticket=x", expected: /CSRF_FAILED/ },
  ];
  for (const c of cases) {
    const response = await request.post("/reset/verify/confirm", { headers: c.headers, data: c.data, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toMatch(c.expected);
    expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  }
});
