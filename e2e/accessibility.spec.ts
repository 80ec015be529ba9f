import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessibleInEveryMode as scan } from "./fixtures/axe";
import { runSampleActionTest } from "./fixtures/console";
import { addAuthenticatorApp, addPhone, addSecurityKey, confirmEmailCodes, makeRecoveryCodes, openSecurityPage, readEmailCode, setMfaPolicy } from "./fixtures/factors";
import { mailCount } from "./fixtures/mailbox";
import { chooseNewPassword, followResetLink, openContinueResendPageWithoutScript, requestReset } from "./fixtures/reset";
import { ADMIN_EMAIL, STRONG_PASSWORD, adminPassword, signIn, signUp, uniqueEmail } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";
import { dropAction } from "./fixtures/webhooks";

/*
 * Axe (WCAG 2.1 A/AA and best practice, fixtures/axe.ts) once per page and page state, each in
 * light, dark and at a phone's width. The journeys prove behaviour and do not scan; this file
 * reaches each state the quickest way (accounts through the Management API, direct URLs where the
 * state needs no history). Pages covered:
 *
 * Signed out: /login; /login with "Wrong email or password"; /signup; /signup with field errors;
 *   /forbidden (a signed-in non-admin).
 * Reset by email: /reset; /reset?identifier= (prefilled from the sign-in form); /reset/sent (code
 *   entry); a wrong code ("4 tries left"); the locked code form ("Too many wrong codes"); the link's
 *   page /reset/verify; /reset/password; its "personal data" refusal; /reset/password in the
 *   browser that asked ("continues in the browser where the email link was opened"); /reset/done;
 *   Back to the form ("Your password was already changed"); the link again ("This link cannot be
 *   used", also "cancelled because the account changed", the same card);
 *   /reset/error?code=RESET_LINK_USED, RESET_DENIED, RESET_FAILED (one card, message by code).
 * After an Action's redirect (verifier site): /reset/verify "Your reset continues on another site";
 *   /reset/error "Your reset is not finished yet" (RESET_CONTINUE_INVALID with the way back); the
 *   cross-site re-send page of /continue "Continue your password reset".
 * Reset challenges: the security key; its "Try again" error; a recovery code; /reset/password with
 *   "9 recovery codes left"; the picker "Confirm it is you"; the SMS code entry.
 * Account: /account; /account/security locked, unlocked, the authenticator app's QR code, the
 *   recovery codes shown, the email code step, with a phone.
 * Sign-in factor step /login/verify: the authenticator app; the emailed code (the same form the
 *   risk-based proof shows); policy "always": "Set up a phone for codes".
 * Admin console: /admin; its create-user form with a rule unmet; /admin?q=; a user with a reset
 *   link made; the admin's own user page; /admin/logs?type=sapi with Details open; /admin/clients
 *   with a new client's secret; /admin/applications with a new application's secret;
 *   /admin/applications/[id] before and after "Rotate secret"; /admin/apis with a grant;
 *   /admin/actions with a test run; /admin/deliveries and one delivery; /admin/connection and
 *   "Settings saved"; /admin/branding; /admin/import.
 * OpenID Provider: a third-party application's consent page /interaction/[uid]/consent; its error
 *   page (an unknown application); end session's "Sign out?" and "Signed out".
 *
 * Elsewhere: the dev mailbox (list and message) in dev-mailbox.spec.ts, which already runs the
 * differently configured server it needs; right-to-left pages in languages.spec.ts (Arabic).
 */

const alert = (page: Page) => page.getByRole("main").getByRole("alert");
const status = (page: Page) => page.getByRole("main").getByRole("status");

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A new account, signed out again, in a browser of its own; returns its email. */
async function signedOutUser(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const { email } = await signUp(await context.newPage());
  await context.close();
  return email;
}

async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

test("sign-in, sign-up and the error cards", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto("/login");
  await scan(page);
  await signIn(page, uniqueEmail("nobody"), "Not-The-Password-1");
  await expect(alert(page)).toContainText("Wrong email or password.");
  await scan(page);

  await page.goto("/signup");
  await scan(page);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".field__error").first()).toBeVisible();
  await scan(page);

  for (const code of ["RESET_LINK_USED", "RESET_DENIED", "RESET_FAILED"]) {
    await page.goto(`/reset/error?code=${code}`);
    await expect(alert(page)).toBeVisible();
    await scan(page);
  }

  const user = await browser.newContext();
  const userPage = await user.newPage();
  await signUp(userPage);
  await userPage.goto("/admin");
  await expect(userPage).toHaveURL(/\/forbidden$/);
  await scan(userPage);
  await user.close();
});

test("every step of a reset by email", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const email = await signedOutUser(browser);
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(email);
  await page.getByRole("button", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/reset\?identifier=/);
  await scan(page);
  await page.goto("/reset");
  await scan(page);

  // The code form: one wrong code, then locked (a reset of its own, asked in another browser).
  const locked = await (await browser.newContext()).newPage();
  await requestReset(locked, email);
  await scan(locked);
  const code = locked.getByLabel("Code from the email");
  for (let left = 4; left >= 0; left--) {
    await code.fill(`00000${left}`);
    await locked.getByRole("button", { name: "Continue" }).click();
    if (left === 4) {
      await expect(locked.locator(".field__error")).toContainText("4 tries left");
      await scan(locked);
    }
  }
  await expect(locked.getByText("Too many wrong codes")).toBeVisible();
  await scan(locked);
  await locked.context().close();

  // Asked in one browser, the link opened in another.
  const asker = await (await browser.newContext()).newPage();
  const mail = await requestReset(asker, email);
  await page.goto(mail.link);
  await expect(page.getByRole("button", { name: "Continue" })).toBeVisible();
  await scan(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/reset\/password$/);
  await scan(page);
  const personal = email.split("@")[0]! + "-Pass-1";
  await page.getByLabel("New password", { exact: true }).fill(personal);
  await page.getByLabel("Confirm new password").fill(personal);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.locator(".field__error")).toContainText("personal data");
  await scan(page);

  // The browser that asked is told where the reset goes on.
  await asker.goto("/reset/password");
  await expect(alert(asker)).toContainText("continues in the browser where the email link was opened");
  await scan(asker);
  await asker.context().close();

  await chooseNewPassword(page, "Recovered-Pass-808");
  await expect(page).toHaveURL(/\/reset\/done$/);
  await scan(page);
  await page.goBack();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your password was already changed" })).toBeVisible();
  await scan(page);

  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(mail.link);
  await expect(elsewhere.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await scan(elsewhere);
  await elsewhere.context().close();
});

// Sends every reset to the verifier site (e2e/fixtures/verifier-site.ts); the state it returns is
// checked by Rekey before the Action sees it, so no onContinuePostChallenge is needed here.
const VERIFY_ACTION = `exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "verify" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};`;

test("a reset waiting on another site, and the re-send page of /continue", async ({ page, browser }) => {
  const email = await signedOutUser(browser);
  const remove = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_ACTION);
  try {
    const mail = await requestReset(page, email);
    await followResetLink(page, mail.link);
    await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
    const verifier = page.url();
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Your reset continues on another site" })).toBeVisible();
    await scan(page);
    await page.goto(verifier);
    await page.locator('form[method="get"] input[name="state"]').evaluate((input: HTMLInputElement) => {
      input.value = `${input.value.slice(0, -1)}${input.value.endsWith("A") ? "B" : "A"}`;
    });
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Your reset is not finished yet" })).toBeVisible();
    await scan(page);
  } finally {
    remove();
  }

  // axe needs scripts, so rather than turning them off, the page's one script is left out.
  const bare = await (await browser.newContext()).newPage();
  await openContinueResendPageWithoutScript(bare);
  await scan(bare);
  await bare.context().close();
});

// A reset first asks for the security key, with the other enrolled methods behind "Use another method".
const KEY_ACTION = `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWith({ type: 'webauthn-roaming' }, { additionalFactors: (event.user.enrolledFactors ?? []).map(f => ({ type: f.type })) }); };`;
const ANY_ACTION = `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWithAny([{ type: 'phone' }, { type: 'otp' }]); };`;

test("the account pages, each method's set-up, the sign-in factor step and each reset challenge", async ({ page }) => {
  test.setTimeout(240_000);
  const { email } = await signUp(page);
  await scan(page);
  await page.goto("/account/security");
  await expect(page.getByRole("button", { name: "Confirm password" })).toBeVisible();
  await scan(page);
  await openSecurityPage(page, STRONG_PASSWORD);
  await scan(page);

  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await scan(page);
  await page.getByRole("button", { name: "Cancel authenticator app set-up" }).click();
  await addAuthenticatorApp(page);
  const key = await addVirtualAuthenticator(page);
  await addSecurityKey(page, "Desk key");
  const codes = await makeRecoveryCodes(page);
  await scan(page);

  let after = await mailCount();
  await page.getByRole("button", { name: "Verify my email and turn on email codes" }).click();
  await expect(page.getByLabel("Code from the email")).toBeVisible();
  await scan(page);
  await confirmEmailCodes(page, email, after);
  await addPhone(page);
  await scan(page);

  await page.goto("/account");
  await signOut(page);
  const removeKey = dropAction("password-reset-post-challenge", "10-key.js", KEY_ACTION);
  try {
    await followResetLink(page, (await requestReset(page, email)).link);
    await expect(page.getByRole("heading", { name: "Use your security key" })).toBeVisible();
    await scan(page);
    await page.route("**/reset/challenge/verify", (route) => route.abort(), { times: 1 });
    await page.getByRole("button", { name: "Use security key" }).click();
    await expect(alert(page)).toContainText("Try again");
    await scan(page);
    await page.getByText("Use another method").click();
    await page.getByRole("link", { name: /Recovery code/ }).click();
    await expect(page.getByRole("heading", { name: "Enter a recovery code" })).toBeVisible();
    await scan(page);
    await page.getByLabel("Recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(status(page)).toContainText("9 recovery codes left");
    await scan(page);
  } finally {
    removeKey();
  }

  const removeAny = dropAction("password-reset-post-challenge", "10-any.js", ANY_ACTION);
  try {
    await followResetLink(page, (await requestReset(page, email)).link);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await scan(page);
    await page.getByRole("link", { name: /Text message \(SMS\)/ }).click();
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.getByLabel("Code from the text message")).toBeVisible();
    await scan(page);
  } finally {
    removeAny();
  }
  // The sign-in factor step, without the key (which would answer by itself): the app, then the emailed code.
  await key.remove();
  await signIn(page, email, STRONG_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/);
  const verify = new URL(page.url());
  verify.searchParams.set("method", "otp");
  await page.goto(verify.href);
  await expect(page.getByRole("heading", { name: "Enter a code from your authenticator app" })).toBeVisible();
  await scan(page);
  verify.searchParams.set("method", "email");
  await page.goto(verify.href);
  after = await mailCount();
  await page.getByRole("button", { name: "Send code" }).click();
  const emailed = await readEmailCode(email, after);
  await scan(page);
  await page.getByLabel("Code", { exact: true }).fill(emailed);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);

});

test("the admin console", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const email = await signedOutUser(browser);
  const admin = await adminPage(browser);
  await scan(admin);
  // The create-user form's live password rules, one unmet.
  await admin.getByLabel("Password", { exact: true }).fill("ab");
  await expect(admin.locator('.rules__item[data-state="unmet"]').first()).toBeVisible();
  await scan(admin);
  await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
  await scan(admin);
  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByRole("heading", { level: 1, name: email })).toBeVisible();
  await admin.getByLabel("Link lifetime").selectOption({ label: "1 hour" });
  await admin.getByRole("button", { name: "Create reset link" }).click();
  await expect(admin.getByLabel("Reset link", { exact: true })).toBeVisible();
  await scan(admin);
  await admin.goto("/admin");
  await admin.getByRole("link", { name: ADMIN_EMAIL }).click();
  await expect(admin.getByRole("heading", { level: 1, name: ADMIN_EMAIL })).toBeVisible();
  await scan(admin);

  await admin.goto("/admin/logs?type=sapi");
  await admin.getByText("Details", { exact: true }).first().click();
  await scan(admin);

  await admin.goto("/admin/clients");
  await admin.getByLabel("Name").fill("Axe client");
  await admin.getByLabel("read:users").check();
  await admin.getByRole("button", { name: "Create client" }).click();
  await expect(admin.getByLabel("Client secret", { exact: true })).toBeVisible();
  await scan(admin);

  await admin.goto("/admin/applications");
  await admin.getByLabel("Name").fill("Axe shop");
  await admin.getByLabel("Allowed callback URLs").fill("http://localhost:3999/callback");
  await admin.getByRole("button", { name: "Create application" }).click();
  await expect(admin.getByLabel("Client secret", { exact: true })).toBeVisible();
  await scan(admin);
  await admin.goto("/admin/applications");
  await admin.getByRole("link", { name: "Axe shop" }).first().click();
  await expect(admin.getByRole("heading", { level: 1, name: "Axe shop" })).toBeVisible();
  await scan(admin);
  await admin.getByRole("button", { name: "Rotate secret" }).click();
  await expect(admin.getByLabel("New client secret")).toBeVisible();
  await scan(admin);

  await admin.goto("/admin/apis");
  await admin.getByLabel("Name").fill("Axe invoices");
  await admin.getByLabel("Identifier (audience)").fill(`https://${Date.now().toString(36)}.axe.example/`);
  await admin.getByLabel("Scopes").fill("read:invoices Read invoices");
  await admin.getByRole("button", { name: "Create API" }).click();
  await expect(admin.getByRole("heading", { level: 2, name: "Axe invoices" })).toBeVisible();
  await admin.getByLabel("Scopes granted (space-separated)").fill("read:invoices");
  await admin.getByRole("button", { name: "Grant" }).click();
  await expect(admin.getByText("Granted.", { exact: true })).toBeVisible();
  await scan(admin);

  await runSampleActionTest(admin, () => scan(admin));

  await admin.goto("/admin/deliveries");
  await scan(admin);
  await admin.getByRole("link", { name: /delivery$/ }).first().click();
  await expect(admin.getByRole("heading", { level: 1, name: /delivery$/ })).toBeVisible();
  await scan(admin);
  for (const path of ["/admin/branding", "/admin/import", "/admin/connection"]) {
    await admin.goto(path);
    await scan(admin);
  }

  // Policy "always": an account without a factor sets one up at sign-in.
  await setMfaPolicy(admin, /^Always:/);
  await scan(admin);
  try {
    await signIn(page, email, STRONG_PASSWORD);
    await expect(page).toHaveURL(/\/login\/verify/);
    await page.getByText("Use another method").click();
    await page.getByRole("link", { name: /Text message/ }).click();
    await expect(page.getByRole("heading", { name: "Set up a phone for codes" })).toBeVisible();
    await scan(page);
  } finally {
    await setMfaPolicy(admin, /^When enrolled:/);
  }
  await admin.context().close();
});

test("a third-party application's consent page", async ({ page, browser }) => {
  const email = await signedOutUser(browser);
  // An application made third-party by the admin (the seeded ones are first-party: no consent screen).
  const admin = await adminPage(browser);
  const callback = "http://localhost:3999/consent-callback";
  await admin.goto("/admin/applications");
  await admin.getByLabel("Name").fill("Axe partner");
  await admin.getByLabel("Allowed callback URLs").fill(callback);
  await admin.getByRole("button", { name: "Create application" }).click();
  const clientId = await admin.getByLabel("Client ID", { exact: true }).inputValue();
  await admin.goto("/admin/applications");
  await admin.getByRole("link", { name: "Axe partner" }).first().click();
  await admin.getByLabel("First-party (no consent screen)").uncheck();
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByText("Saved", { exact: true })).toBeVisible();
  await admin.context().close();

  const verifier = crypto.randomBytes(32).toString("base64url");
  const authorize = new URLSearchParams({
    client_id: clientId,
    redirect_uri: callback,
    response_type: "code",
    scope: "openid profile email offline_access",
    state: crypto.randomBytes(16).toString("base64url"),
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    prompt: "consent",
  });
  await page.goto(`/authorize?${authorize}`);
  await expect(page).toHaveURL(/\/login\?/);
  await page.getByLabel("Email or username").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/interaction\/[^/]+\/consent$/);
  await expect(page.getByRole("heading", { level: 1, name: "Allow Axe partner?" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Allow" })).toBeVisible();
  await scan(page);

  // The provider's own pages: an authorization it refuses in the browser, then signing out (end session).
  await page.goto(`/authorize?client_id=no-such-application&response_type=code&redirect_uri=${encodeURIComponent(callback)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in could not continue" })).toBeVisible();
  await scan(page);
  await page.goto("/oidc/logout");
  await expect(page.getByRole("heading", { level: 1, name: "Sign out?" })).toBeVisible();
  await scan(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Signed out" })).toBeVisible();
  await scan(page);
});
