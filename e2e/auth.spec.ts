import { expect, test } from "@playwright/test";
import { mailCount, waitForMail } from "./fixtures/mailbox";
import { ADMIN_EMAIL, STRONG_PASSWORD, adminPassword, signIn, signUp, signUpWithForm, uniqueEmail } from "./fixtures/users";

test("sign-up, sign-out and sign-in again", async ({ page }) => {
  await page.goto("/signup");
  const { email } = await signUpWithForm(page);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);

  await signIn(page, email, STRONG_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

test("a wrong password gets a generic message next to the field, and so does an unknown account", async ({ page }) => {
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, "Not-The-Password-1");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password.");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, uniqueEmail("ghost"), "Not-The-Password-1");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password.");
});

test("sign-up shows the policy as a live checklist and refuses a weak password next to the field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(uniqueEmail());
  const password = page.getByLabel("Password", { exact: true });
  await password.fill("abc");
  await expect(page.getByText(/At least 8 characters/)).toBeVisible();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".field__error").first()).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("hostile input on the sign-up form: a 1 MB email and control characters get field errors, not a crash", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").evaluate((el, value) => ((el as HTMLInputElement).value = value), "a".repeat(1_000_000) + "@example.com");
  await page.getByLabel("Password", { exact: true }).fill("\u0000\u202e😀 Strong-Enough-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".field__error").first()).toContainText(/too long|valid email/i);
  await expect(page.locator("body")).not.toContainText(/at .*\.(ts|js):\d+/);
});

// Regression: a NUL in the sign-up name reached the insert, and the form answered an internal error.
test("a control character in the sign-up name gets a field error, and no account is made", async ({ page }) => {
  const email = uniqueEmail("nul-name");
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").evaluate((el) => ((el as HTMLInputElement).value = "Al\u0000ice"));
  await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveAccessibleDescription(/cannot contain control characters/);
  await expect(page.locator("body")).not.toContainText("Something went wrong");
  await signIn(page, email, STRONG_PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password.");
});

test("a blocked user cannot sign in, and their open session ends", async ({ browser }) => {
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  const { email } = await signUp(userPage);

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, ADMIN_EMAIL, adminPassword());
  await expect(adminPage).toHaveURL(/\/admin$/);
  await adminPage.goto(`/admin?q=${encodeURIComponent(email)}`);
  await adminPage.getByText(`Actions for ${email}`).click();
  await adminPage.locator("summary", { hasText: `Block ${email}` }).click();
  await adminPage.getByRole("button", { name: `Yes, block ${email}` }).click();
  await expect(adminPage.getByRole("cell", { name: "Blocked" })).toBeVisible();

  await userPage.goto("/account");
  await expect(userPage).toHaveURL(/\/login/);
  await signIn(userPage, email, STRONG_PASSWORD);
  await expect(userPage.getByRole("main").getByRole("alert")).toContainText("blocked");

  await adminPage.getByRole("button", { name: `Unblock ${email}` }).click();
  await expect(adminPage.getByRole("cell", { name: "Active" })).toBeVisible();
  await signIn(userPage, email, STRONG_PASSWORD);
  await expect(userPage).toHaveURL(/\/account$/);
  await userContext.close();
  await adminContext.close();
});

test("a non-admin cannot open /admin", async ({ page }) => {
  await signUp(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden$/);
});

test("changing the password on /account revokes every session and mails a notice", async ({ browser }) => {
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  const { email } = await signUp(firstPage);
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await signIn(secondPage, email, STRONG_PASSWORD);
  await expect(secondPage).toHaveURL(/\/account$/);

  const before = await mailCount();
  await firstPage.getByLabel("Current password").fill("wrong-current");
  await firstPage.getByLabel("New password", { exact: true }).fill("Changed-Password-77");
  await firstPage.getByLabel("Confirm new password").fill("Changed-Password-77");
  await firstPage.getByRole("button", { name: "Change password" }).click();
  await expect(firstPage.getByText("The current password is wrong.")).toBeVisible();

  await firstPage.getByLabel("Current password").fill(STRONG_PASSWORD);
  await firstPage.getByLabel("New password", { exact: true }).fill("Changed-Password-77");
  await firstPage.getByLabel("Confirm new password").fill("Changed-Password-77");
  await firstPage.getByRole("button", { name: "Change password" }).click();
  await expect(firstPage.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  // Both sessions, including the one that made the change, are gone.
  for (const page of [firstPage, secondPage]) {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
  }
  await signIn(secondPage, email, STRONG_PASSWORD);
  await expect(secondPage.getByRole("main").getByRole("alert")).toContainText("Wrong email or password.");
  await signIn(secondPage, email, "Changed-Password-77");
  await expect(secondPage).toHaveURL(/\/account$/);

  const notice = await waitForMail(email, { subject: "password", after: before });
  expect(notice.text).toContain("changed");
  await first.close();
  await second.close();
});

test("the credentials endpoint refuses garbage without a stack trace", async ({ request }) => {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  for (const body of [
    { identifier: "", password: "" },
    { identifier: "x".repeat(100_000), password: "y" },
    { identifier: "\u0000\u202e", password: "\ud800" },
  ]) {
    const response = await request.post("/api/auth/callback/credentials", {
      form: { ...body, csrfToken: csrf.csrfToken, json: "true" },
      maxRedirects: 0,
    });
    expect(response.status()).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  }
});

test("every page carries a nonce-based CSP, refuses framing and sniffing; Next's scripts run under it", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  const first = await page.goto("/login");
  const csp = first!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(first!.headers()["x-content-type-options"]).toBe("nosniff");
  const second = await page.goto("/login");
  expect(second!.headers()["content-security-policy"]).not.toBe(csp);
  // Hydration works under the policy: the client-side form validation answers.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  expect(errors).toEqual([]);
});

test("sign-out is a same-origin POST: another site cannot sign people out", async ({ page, request }) => {
  await signUp(page);
  const forged = await request.post("/logout", { headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("CSRF_FAILED");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account$/);
});
