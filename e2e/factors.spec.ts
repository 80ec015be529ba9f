import { expect, test } from "@playwright/test";
import { addAuthenticatorApp, addPhone, addSecurityKey, confirmEmailCodes, makeRecoveryCodes, openSecurityPage, readEmailCode, readSms, smsCount, uniquePhone } from "./fixtures/factors";
import { mailCount } from "./fixtures/mailbox";
import { chooseNewPassword, followResetLink, requestReset } from "./fixtures/reset";
import { STRONG_PASSWORD, signUp } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";
import { dropAction } from "./fixtures/webhooks";

test("enroll a security key, an authenticator app and recovery codes; removing one needs the password again", async ({ page, context }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Sign-in methods" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  // Until the password is confirmed, nothing can be added.
  await expect(page.getByRole("button", { name: "Add security key" })).toHaveCount(0);
  await page.getByLabel("Password", { exact: true }).fill("not-my-password");
  await page.getByRole("button", { name: "Confirm password" }).click();
  await expect(page.locator(".field__error")).toContainText("not right");
  await openSecurityPage(page, STRONG_PASSWORD);

  const key = await addVirtualAuthenticator(page);
  await addSecurityKey(page, "Desk key");
  await expect(page.getByRole("region", { name: "Your security keys and passkeys" }).getByRole("cell", { name: "Security key" })).toBeVisible();
  expect(await key.credentials()).toHaveLength(1);
  // The same key cannot be added twice (the browser is told to exclude it).
  await page.getByLabel("Name", { exact: true }).fill("Same key");
  await page.getByRole("button", { name: "Add security key" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/already registered/);

  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await expect(page.locator(".field__error")).toContainText("not right");
  await page.getByRole("button", { name: "Cancel authenticator app set-up" }).click();
  await addAuthenticatorApp(page);

  const codes = await makeRecoveryCodes(page);
  for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
  await expect(page.getByRole("region", { name: "Your recovery codes" })).toContainText("10 of 10 left");

  // Without a recent password, the page shows the methods but offers no change.
  await context.clearCookies({ name: "rekey_reauth" });
  await page.reload();
  await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await openSecurityPage(page, STRONG_PASSWORD);
  await page.getByRole("button", { name: "Remove Authenticator app" }).click();
  await expect(page.getByRole("region", { name: "Your authenticator app" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  await key.remove();
});

test("hostile input on the factor endpoints gets a 4xx with a stable code, never a stack trace", async ({ page }) => {
  await signUp(page);
  const origin = new URL(page.url()).origin;
  const json = { origin, "content-type": "application/json" };
  const cases: { url: string; headers: Record<string, string>; data: string | Buffer; status: number; code: string }[] = [
    // No recent password: refused before anything else happens.
    { url: "/account/security/webauthn/options", headers: json, data: JSON.stringify({ kind: "security-key", name: "Key" }), status: 401, code: "REAUTH_REQUIRED" },
    { url: "/account/security/webauthn/options", headers: json, data: JSON.stringify({ kind: "usb", name: "Key" }), status: 400, code: "INVALID_INPUT" },
    { url: "/account/security/webauthn/options", headers: json, data: JSON.stringify({ kind: "security-key", name: "x".repeat(1_000_000) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
    { url: "/account/security/webauthn/verify", headers: json, data: JSON.stringify({ name: "😀", response: { id: 5 } }), status: 400, code: "INVALID_INPUT" },
    { url: "/account/security/webauthn/verify", headers: json, data: Buffer.from("{not json"), status: 400, code: "INVALID_JSON" },
    { url: "/account/security/webauthn/verify", headers: { ...json, origin: "https://evil.example" }, data: "{}", status: 403, code: "CSRF_FAILED" },
    // The reset's endpoints, from a browser with no reset in progress.
    { url: "/reset/challenge/start", headers: json, data: JSON.stringify({ factor: "email" }), status: 404, code: "RESET_NOT_FOUND" },
    { url: "/reset/challenge/start", headers: json, data: JSON.stringify({ factor: "push-notification" }), status: 400, code: "INVALID_INPUT" },
    { url: "/reset/challenge/verify", headers: json, data: JSON.stringify({ factor: "otp", code: "\u0000١٢٣" }), status: 404, code: "RESET_NOT_FOUND" },
    { url: "/reset/challenge/verify", headers: json, data: JSON.stringify({ factor: "otp", code: ["123456"] }), status: 400, code: "INVALID_INPUT" },
    { url: "/reset/challenge/verify", headers: json, data: JSON.stringify({ factor: "otp", code: "1".repeat(2_000_000) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
    { url: "/reset/challenge/verify", headers: { "content-type": "application/json" }, data: "{}", status: 403, code: "CSRF_FAILED" },
  ];
  for (const c of cases) {
    const response = await page.request.post(c.url, { headers: c.headers, data: c.data });
    const text = await response.text();
    expect({ url: c.url, status: response.status(), code: JSON.parse(text).error?.code }).toEqual({ url: c.url, status: c.status, code: c.code });
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  }
  // The forms refuse junk with field errors.
  await openSecurityPage(page, STRONG_PASSWORD);
  await page.getByLabel("Mobile number").fill("not a phone ☎");
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.locator(".field__error")).toContainText("country code");
  await page.getByLabel("Mobile number").evaluate((el) => ((el as HTMLInputElement).value = "9".repeat(1_000_000)));
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.locator(".field__error")).toContainText("country code");
});

test("email codes verify the address first; a phone is confirmed by the code in its SMS", async ({ page }) => {
  const { email } = await signUp(page);
  await openSecurityPage(page, STRONG_PASSWORD);
  const after = await mailCount();
  await page.getByRole("button", { name: "Verify my email and turn on email codes" }).click();
  await expect(page.getByLabel("Code from the email")).toBeVisible();
  const code = await readEmailCode(email, after);
  await page.getByLabel("Code from the email").fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.locator(".field__error")).toContainText("4 tries left");
  await page.getByLabel("Code from the email").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.getByRole("region", { name: "Your email for codes" })).toContainText("Email");

  const phone = uniquePhone();
  await page.getByLabel("Mobile number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByLabel("Code from the text message")).toBeVisible();
  await page.getByLabel("Code from the text message").fill(await readSms(phone));
  await page.getByRole("button", { name: "Add phone" }).click();
  await expect(page.getByRole("region", { name: "Your phone" })).toContainText(phone.slice(-2));
});

// Needs the post-challenge trigger runner (it puts the flow into awaiting_factor).
const MFA_ACTION = `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWith({ type: 'webauthn-roaming' }, { additionalFactors: (event.user.enrolledFactors ?? []).map(f => ({ type: f.type })) }); };`;

test("a reset asks for the security key an Action demands; a recovery code is the other way in", async ({ page }) => {
  const removeAction = dropAction("password-reset-post-challenge", "10-mfa.js", MFA_ACTION);
  try {
    const { email } = await signUp(page);
    await openSecurityPage(page, STRONG_PASSWORD);
    const key = await addVirtualAuthenticator(page);
    await addSecurityKey(page, "Desk key");
    const codes = await makeRecoveryCodes(page);

    // 1. The security key.
    const first = await requestReset(page, email);
    await followResetLink(page, first.link);
    await expect(page).toHaveURL(/\/reset\/challenge/);
    await expect(page.getByRole("heading", { name: "Use your security key" })).toBeVisible();
    // The first answer is lost on the way (the network drops it): a clear error, then a retry.
    await page.route("**/reset/challenge/verify", (route) => route.abort(), { times: 1 });
    await page.getByRole("button", { name: "Use security key" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Try again");
    await page.getByRole("button", { name: "Try again" }).click();
    await chooseNewPassword(page, "After-The-Key-55");
    await expect(page).toHaveURL(/\/reset\/done$/);

    // 2. Another method: a recovery code, once.
    const second = await requestReset(page, email);
    await followResetLink(page, second.link);
    await page.getByText("Use another method").click();
    await page.getByRole("link", { name: /Recovery code/ }).click();
    await expect(page.getByRole("heading", { name: "Enter a recovery code" })).toBeVisible();
    await page.getByLabel("Recovery code").fill("ZZZZZ-ZZZZZ");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator(".field__error")).toContainText("4 tries left");
    await page.getByLabel("Recovery code").fill(codes[0]!.toLowerCase());
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("9 recovery codes left");
    await page.getByRole("link", { name: "Continue" }).click();
    await chooseNewPassword(page, "After-The-Code-66");
    await expect(page).toHaveURL(/\/reset\/done$/);
    await key.remove();
  } finally {
    removeAction();
  }
});

const ANY_ACTION = `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWithAny([{ type: 'phone' }, { type: 'email' }, { type: 'otp' }]); };`;

test("challengeWithAny shows a picker; SMS, email and authenticator codes each pass a reset", async ({ page }) => {
  // Three factors set up and three whole resets: 27 s on a quiet machine, over 60 s at load 11.
  test.setTimeout(120_000);
  const removeAction = dropAction("password-reset-post-challenge", "10-any.js", ANY_ACTION);
  try {
    const { email } = await signUp(page);
    await openSecurityPage(page, STRONG_PASSWORD);
    let after = await mailCount();
    await page.getByRole("button", { name: "Verify my email and turn on email codes" }).click();
    await confirmEmailCodes(page, email, after);
    const phone = await addPhone(page);
    const app = await addAuthenticatorApp(page);

    // 1. SMS, chosen from the picker.
    await followResetLink(page, (await requestReset(page, email)).link);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await page.getByRole("link", { name: /Text message \(SMS\)/ }).click();
    const sms = await smsCount(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.getByLabel("Code from the text message")).toBeVisible();
    await page.getByLabel("Code from the text message").fill(await readSms(phone, sms));
    await page.getByRole("button", { name: "Continue" }).click();
    await chooseNewPassword(page, "After-The-Sms-77");
    await expect(page).toHaveURL(/\/reset\/done$/);

    // 2. Email: a wrong code, then a new code (only the newest one works).
    await followResetLink(page, (await requestReset(page, email)).link);
    await page.getByRole("link", { name: /Email code/ }).click();
    after = await mailCount();
    await page.getByRole("button", { name: "Send code" }).click();
    const stale = await readEmailCode(email, after);
    await page.getByLabel("Code from the email").fill(stale === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator(".field__error")).toContainText("4 tries left");
    after = await mailCount();
    await page.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("We sent a new code");
    const fresh = await readEmailCode(email, after);
    if (fresh !== stale) {
      await page.getByLabel("Code from the email").fill(stale);
      // Wait for this answer (the previous one also said "not right"): React resets the form when
      // the action settles, which would clear a code typed before that.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/reset/challenge")),
        page.getByRole("button", { name: "Continue" }).click(),
      ]);
      await expect(page.getByRole("button", { name: "Continue" })).toBeEnabled();
      await expect(page.locator(".field__error")).toContainText("not right");
    }
    await page.getByLabel("Code from the email").fill(fresh);
    await page.getByRole("button", { name: "Continue" }).click();
    await chooseNewPassword(page, "After-The-Mail-88");
    await expect(page).toHaveURL(/\/reset\/done$/);

    // 3. The authenticator app.
    await followResetLink(page, (await requestReset(page, email)).link);
    await page.getByRole("link", { name: /Authenticator app/ }).click();
    await expect(page.getByRole("heading", { name: "Enter a code from your authenticator app" })).toBeVisible();
    await page.getByLabel("Code from the app").fill(app.code());
    await page.getByRole("button", { name: "Continue" }).click();
    await chooseNewPassword(page, "After-The-App-99");
    await expect(page).toHaveURL(/\/reset\/done$/);
  } finally {
    removeAction();
  }
});
