import { expect, test, type Page } from "@playwright/test";
import { addAuthenticatorApp, addSecurityKey, makeRecoveryCodes, openSecurityPage, passFactorByEmail, readEmailCode, readSms, smsCount, uniquePhone } from "./fixtures/factors";
import { mailCount } from "./fixtures/mailbox";
import { chooseNewPassword, readResetMail } from "./fixtures/reset";
import { STRONG_PASSWORD, signIn, uniqueEmail } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";
import { dropAction } from "./fixtures/webhooks";

// Regression (issue 11, item 14): with JavaScript off, the reset pages' forms answered a bare
// "Internal Server Error" (their no-referrer policy made the browser send Origin: null, which
// Next.js refuses) and sign-in answered the same page without signing in. Every step but the
// WebAuthn ceremony must work without a script.
test.use({ javaScriptEnabled: false });
test.describe.configure({ mode: "serial" });

// Back from the external verifier, the Action asks for a security key, or any method the user has.
const VERIFY_THEN_FACTOR = `
exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "verify" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};
exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
  if (!payload.verified) return api.access.deny("The verifier did not confirm it was you.");
  api.authentication.challengeWith({ type: "webauthn-roaming" }, { additionalFactors: (event.user.enrolledFactors ?? []).map((f) => ({ type: f.type })) });
};`;

const user = { email: uniqueEmail("nojs"), password: STRONG_PASSWORD, phone: uniquePhone(), otp: undefined as undefined | (() => string), recovery: [] as string[] };

const alert = (page: Page) => page.getByRole("main").getByRole("alert");

test("JavaScript off: sign-up, every sign-in method form on the account page, sign-out and sign-in", async ({ page }) => {
  test.setTimeout(180_000);
  // Sign-up: a refusal comes back with the error beside the field and what was typed, never the password.
  await page.goto("/signup");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Name").fill("Ada Noscript");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.locator(".field__error")).toContainText("password");
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page.getByLabel("Name")).toHaveValue("Ada Noscript");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The account's sign-in methods: confirm the password, then every method but a security key.
  await page.getByRole("link", { name: "Sign-in methods" }).click();
  await page.getByLabel("Password", { exact: true }).fill("not-my-password");
  await page.getByRole("button", { name: "Confirm password" }).click();
  await expect(page.locator(".field__error")).toContainText("not right");
  await openSecurityPage(page, user.password);
  await expect(page.getByText("Adding a security key or passkey needs JavaScript.")).toBeVisible();
  user.otp = (await addAuthenticatorApp(page)).code;
  const mailsBefore = await mailCount();
  await page.getByRole("button", { name: "Verify my email and turn on email codes" }).click();
  await page.getByLabel("Code from the email").fill(await readEmailCode(user.email, mailsBefore));
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.getByRole("region", { name: "Your email for codes" })).toBeVisible();
  await page.getByLabel("Mobile number").fill("not a phone");
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.locator(".field__error")).toContainText("country code");
  await expect(page.getByLabel("Mobile number")).toHaveValue("not a phone");
  await page.getByLabel("Mobile number").fill(user.phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.getByLabel("Code from the text message").fill(await readSms(user.phone));
  await page.getByRole("button", { name: "Add phone" }).click();
  await expect(page.getByRole("region", { name: "Your phone" })).toBeVisible();
  user.recovery = await makeRecoveryCodes(page);

  // Sign-out is a form; sign-in posts to /login/submit. A refusal comes back to /login with the
  // message and the identifier typed; a message put in the URL by someone else is not shown.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, user.email, "Not-The-Password-1");
  await expect(page).toHaveURL(/\/login\?error=INVALID_CREDENTIALS/);
  await expect(alert(page)).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email or username")).toHaveValue(user.email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await page.goto(`/login?error=${encodeURIComponent("INVALID_CREDENTIALS|Call +1 555 0100 to unlock your account")}`);
  await expect(alert(page)).toHaveText("Wrong email or password.");
  await page.goto("/login?callbackUrl=%2Faccount%2Fsecurity");
  await page.getByLabel("Email or username").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The account has second factors now (MFA policy "when enrolled"): the factor step, as plain forms.
  await passFactorByEmail(page, user.email);
  await expect(page).toHaveURL(/\/account\/security$/);

  // Changing the password signs every session out: the page answering the form sends the browser
  // to sign in (a 303, not a 307 that would post the form again to /login).
  await page.goto("/account");
  await page.getByLabel("Current password").fill("Not-The-Password-1");
  await page.getByLabel("New password", { exact: true }).fill("Quartz-Meadow-Lamp-3");
  await page.getByLabel("Confirm new password").fill("Quartz-Meadow-Lamp-3");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#field-currentPassword-error")).toBeVisible();
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill("Quartz-Meadow-Lamp-3");
  await page.getByLabel("Confirm new password").fill("Quartz-Meadow-Lamp-3");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  user.password = "Quartz-Meadow-Lamp-3";
  await signIn(page, user.email, user.password);
  await passFactorByEmail(page, user.email);
  await expect(page).toHaveURL(/\/account$/);
});

/** Asks for a reset on /reset; answers the email (the "check your email" page is where it lands). */
async function requestResetWithoutScript(page: Page) {
  const after = await mailCount();
  await page.goto("/reset");
  await page.getByLabel(/^Email/).fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return readResetMail(user.email, after);
}

/** Opens the email link and presses Continue (a form POST); then the verifier's Verify (GET, or a cross-site POST). */
async function throughLinkAndVerifier(page: Page, link: string, by: "GET" | "POST") {
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await passVerifier(page, by);
}

async function passVerifier(page: Page, by: "GET" | "POST") {
  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  await page.getByRole("button", { name: by === "GET" ? "Verify" : "Verify by POST", exact: true }).click();
  if (by === "POST") {
    // The verifier's cross-site POST carries no reset cookie: our page re-sends it, here by its button.
    await expect(page.getByRole("heading", { name: "Continue your password reset" })).toBeVisible();
    await page.getByRole("button", { name: "Continue" }).click();
  }
  // Back at /continue, the Action asks for the security key: without scripts the page says so.
  await expect(page).toHaveURL(/\/reset\/challenge$/);
  await expect(page.getByRole("heading", { name: "Use your security key" })).toBeVisible();
  await expect(page.getByText("This method needs JavaScript")).toBeVisible();
}

async function chooseOtherMethod(page: Page, name: RegExp) {
  await page.getByText("Use another method", { exact: true }).click();
  await page.getByRole("link", { name }).click();
}

async function saveNewPassword(page: Page, password: string) {
  await chooseNewPassword(page, password);
  await expect(page).toHaveURL(/\/reset\/done$/);
  user.password = password;
}

test("JavaScript off: a whole reset with each challenge — request, code or link, verifier and /continue, factor, new password", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // A security key can be added only with JavaScript: another browser window, with scripts on.
  const withScripts = await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled: true });
  const keyPage = await withScripts.newPage();
  await signIn(keyPage, user.email, user.password);
  await passFactorByEmail(keyPage, user.email);
  await expect(keyPage).toHaveURL(/\/account$/);
  await openSecurityPage(keyPage, user.password);
  await addVirtualAuthenticator(keyPage);
  await addSecurityKey(keyPage, "Desk key");
  await withScripts.close();

  const removeAction = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_THEN_FACTOR);
  try {
    // 1. The code typed on "Check your email" (a wrong one first), the verifier by GET, the authenticator app.
    const first = await requestResetWithoutScript(page);
    await page.getByLabel("Code from the email").fill(first.code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator(".field__error")).toContainText("not right");
    await page.getByLabel("Code from the email").fill(first.code);
    await page.getByRole("button", { name: "Continue" }).click();
    await passVerifier(page, "GET");
    await chooseOtherMethod(page, /Authenticator app/);
    await page.getByLabel("Code from the app").fill(user.otp!());
    await page.getByRole("button", { name: "Continue" }).click();
    // The new password: refusals beside their fields, then saved.
    await expect(page).toHaveURL(/\/reset\/password$/);
    await page.getByLabel("New password", { exact: true }).fill("Orchid-Lantern-81x");
    await page.getByLabel("Confirm new password").fill("Orchid-Lantern-82x");
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.locator("#field-confirmPassword-error")).toContainText("do not match");
    await page.getByLabel("New password", { exact: true }).fill("password1");
    await page.getByLabel("Confirm new password").fill("password1");
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.locator("#field-password-error")).toBeVisible();
    await saveNewPassword(page, "Orchid-Lantern-81x");

    // 2. The link's Continue, the verifier posting back from its own site, an email code.
    await throughLinkAndVerifier(page, (await requestResetWithoutScript(page)).link, "POST");
    await chooseOtherMethod(page, /Email code/);
    let after = await mailCount();
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Code from the email").fill(await readEmailCode(user.email, after));
    await page.getByRole("button", { name: "Continue" }).click();
    await saveNewPassword(page, "Harbor-Quill-Sunset-4");

    // 3. An SMS code, with "Send a new code" (only the newest works).
    await throughLinkAndVerifier(page, (await requestResetWithoutScript(page)).link, "GET");
    await chooseOtherMethod(page, /Text message/);
    after = await smsCount(user.phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await readSms(user.phone, after);
    after = await smsCount(user.phone);
    await page.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("We sent a new code");
    await page.getByLabel("Code from the text message").fill(await readSms(user.phone, after));
    await page.getByRole("button", { name: "Continue" }).click();
    await saveNewPassword(page, "Violet-Canyon-Drift-5");

    // 4. A recovery code: the page says how many are left and links on.
    await throughLinkAndVerifier(page, (await requestResetWithoutScript(page)).link, "GET");
    await chooseOtherMethod(page, /Recovery code/);
    await page.getByLabel("Recovery code").fill(user.recovery[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("9 recovery codes left");
    await page.getByRole("link", { name: "Continue" }).click();
    await saveNewPassword(page, "Meadow-Lantern-Pilot-6");
  } finally {
    removeAction();
  }

  // The reset is done: "Sign in" from the done page, with the newest password.
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Your password was changed");
  await page.getByLabel("Email or username").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await passFactorByEmail(page, user.email);
  await expect(page).toHaveURL(/\/account$/);
});
