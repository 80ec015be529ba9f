import { Secret, TOTP } from "otpauth";
import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addAuthenticatorApp, addSecurityKey, openSecurityPage, readEmailCode, readSms, setMfaPolicy, smsCount, uniquePhone } from "./fixtures/factors";
import { mailCount } from "./fixtures/mailbox";
import { ADMIN_EMAIL, adminPassword, STRONG_PASSWORD, signIn, signUp } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";

// The demo tenant's application (lib/runtime/seed.ts): a loopback callback nobody listens on here,
// so the journey catches the redirect there and reads the code from it.
const APP = { clientId: "rekey-example-app", callback: "http://localhost:3001/api/auth/callback/rekey" };

/** A new account with an authenticator app, signed out; returns its code generator. */
async function userWithAuthenticatorApp(page: Page) {
  const { email } = await signUp(page);
  await openSecurityPage(page, STRONG_PASSWORD);
  const app = await addAuthenticatorApp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  return { email, app };
}

test("sign in with the password and then the authenticator app; a wrong code first costs one of five tries", async ({ page }) => {
  const { email, app } = await userWithAuthenticatorApp(page);
  await signIn(page, email, STRONG_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByRole("heading", { name: "Enter a code from your authenticator app" })).toBeVisible();
  await expect(page.getByText("Your account has a second factor.")).toBeVisible();
  // No session before the factor: the account page sends back to sign in.
  // A code of 1970: well-formed and wrong, without spending a step of the fixture's clock.
  const wrong = new TOTP({ secret: Secret.fromBase32(app.secret) }).generate({ timestamp: 0 });
  await page.getByLabel("Code", { exact: true }).fill(wrong);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".field__error")).toContainText("That code is not right. 4 tries left.");
  await page.getByLabel("Code", { exact: true }).fill(app.code());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("without JavaScript: the password form and the factor step are plain forms, and the factor signs in", async ({ page, browser, baseURL }) => {
  const { email, app } = await userWithAuthenticatorApp(page);
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const bare = await noScript.newPage();
  await signIn(bare, email, STRONG_PASSWORD);
  await expect(bare).toHaveURL(/\/login\/verify/);
  await bare.getByLabel("Code", { exact: true }).fill(app.code());
  await bare.getByRole("button", { name: "Continue" }).click();
  await expect(bare).toHaveURL(/\/account$/);
  await noScript.close();
});

test("sign in with a passkey: no password, and no factor step after it", async ({ page }) => {
  await signUp(page);
  await openSecurityPage(page, STRONG_PASSWORD);
  const key = await addVirtualAuthenticator(page);
  await addSecurityKey(page, "Desk key");
  // The key holds a discoverable credential for this site.
  expect((await key.credentials()).some((c) => c.isResidentCredential)).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email or username")).toHaveAttribute("autocomplete", "username webauthn");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("an application's /authorize: password, then the second factor, then back to the application with a code", async ({ page }) => {
  const { email, app } = await userWithAuthenticatorApp(page);
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const state = crypto.randomBytes(16).toString("base64url");
  const authorize = new URLSearchParams({
    client_id: APP.clientId,
    redirect_uri: APP.callback,
    response_type: "code",
    scope: "openid profile email",
    state,
    nonce: crypto.randomBytes(16).toString("base64url"),
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  await page.route(`${APP.callback}**`, (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "the application" }));
  await page.goto(`/authorize?${authorize}`);
  await expect(page).toHaveURL(/\/login\?/);
  await page.getByLabel("Email or username").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.getByLabel("Code", { exact: true }).fill(app.code());
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.href.startsWith(APP.callback));
  const back = new URL(page.url());
  expect(back.searchParams.get("state")).toBe(state);
  expect(back.searchParams.get("code")).toMatch(/\S{20,}/);
  expect(back.searchParams.get("iss")).toMatch(/^http:\/\/localhost:\d+\/$/);
});

/** A new account without a factor, signed out. */
async function userWithoutFactor(browser: Browser) {
  const context = await browser.newContext();
  const { email } = await signUp(await context.newPage());
  await context.close();
  return email;
}

test("MFA policy always: a user without a factor chooses email codes (without JavaScript, where a security key says it needs it) or a phone at sign-in, and its first code signs in", async ({ page, browser, baseURL }) => {
  // Three accounts, two sign-ins with a set-up each, and the console twice.
  test.setTimeout(180_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN_EMAIL, adminPassword());
  await expect(admin).not.toHaveURL(/\/login/);
  const byEmail = await userWithoutFactor(browser);
  const byPhone = await userWithoutFactor(browser);
  await setMfaPolicy(admin, /^Always:/);
  try {
    const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const bare = await noScript.newPage();
    await signIn(bare, byEmail, STRONG_PASSWORD);
    await expect(bare).toHaveURL(/\/login\/verify/);
    await expect(bare.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
    await expect(bare.getByText("This service asks every account for a second factor.")).toBeVisible();
    // "Use another method" is a <details> of plain links. A security key needs JavaScript: the page
    // says so, and the other methods are still there.
    await bare.getByText("Use another method").click();
    await bare.getByRole("link", { name: /Security key/ }).click();
    await expect(bare.getByRole("heading", { name: "Set up a security key" })).toBeVisible();
    await expect(bare.getByText("Adding a security key or passkey needs JavaScript.")).toBeVisible();
    await expect(bare.getByRole("button", { name: "Add security key" })).toBeDisabled();
    await bare.getByText("Use another method").click();
    await bare.getByRole("link", { name: /Email code/ }).click();
    await expect(bare.getByRole("heading", { name: "Set up codes by email" })).toBeVisible();
    const before = await mailCount();
    await bare.getByRole("button", { name: "Send code" }).click();
    await bare.getByLabel("Code", { exact: true }).fill(await readEmailCode(byEmail, before));
    await bare.getByRole("button", { name: "Continue" }).click();
    await expect(bare).toHaveURL(/\/account$/);
    await noScript.close();

    await signIn(page, byPhone, STRONG_PASSWORD);
    await expect(page).toHaveURL(/\/login\/verify/);
    await page.getByText("Use another method").click();
    await page.getByRole("link", { name: /Text message/ }).click();
    await expect(page.getByRole("heading", { name: "Set up a phone for codes" })).toBeVisible();
    await page.getByLabel("Mobile number").fill("not a number");
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.locator(".field__error")).toContainText("country code");
    const phone = uniquePhone();
    const sent = await smsCount(phone);
    await page.getByLabel("Mobile number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Code", { exact: true }).fill(await readSms(phone, sent));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/account$/);
    // The phone is now the account's factor: the next sign-in asks for it.
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, byPhone, STRONG_PASSWORD);
    await expect(page.getByRole("heading", { name: "Enter the code we text you" })).toBeVisible();
  } finally {
    await setMfaPolicy(admin, /^When enrolled:/);
    await adminContext.close();
  }
});
