import { expect, test, type Page } from "@playwright/test";
import { chooseNewPassword, followResetLink, requestReset } from "./fixtures/reset";
import { ADMIN_EMAIL, adminPassword, signIn, signUp, STRONG_PASSWORD } from "./fixtures/users";

// Issue 17, items 1, 2, 5 and 6: a reset people trust.

function rule(page: Page, text: string | RegExp) {
  return page.locator(".rules__item", { hasText: text });
}

test("the new-password form keeps what was typed, lists every rule honestly, and its end states tell the truth", async ({ browser }) => {
  const setup = await browser.newContext();
  const user = await signUp(await setup.newPage());
  await setup.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  const mail = await requestReset(page, user.email);
  await followResetLink(page, mail.link);
  await expect(page).toHaveURL(/\/reset\/password$/);

  // Before typing: no rule is shown as failed; the server-only rules are named, not ticked.
  await expect(page.locator('.rules__item[data-state="unmet"]')).toHaveCount(0);
  await expect(rule(page, "No more than 128 characters")).toHaveAttribute("data-state", "unchecked");
  await expect(rule(page, "Not a commonly used password")).toBeVisible();

  // "user" is a word of the email's local part: every rule the browser can check is met, and the
  // personal-data rule is "checked when you save", never a ✓ that Save then contradicts.
  const personal = "Auser!99Q";
  await page.getByLabel("New password", { exact: true }).fill(personal);
  await page.getByLabel("Confirm new password").fill(personal);
  await expect(rule(page, "At least 8 characters")).toHaveAttribute("data-state", "met");
  await expect(rule(page, "Does not contain your name")).toHaveAttribute("data-state", "on-save");
  await expect(rule(page, "Does not contain your name")).toContainText("checked when you save");
  await page.getByRole("button", { name: "Save new password" }).click();

  // Refused: the error speaks like the rule, both fields keep what was typed, the rule turns ✗.
  const error = page.locator(".field__error");
  await expect(error).toContainText("personal data");
  await expect(page.getByLabel("New password", { exact: true })).toHaveValue(personal);
  await expect(page.getByLabel("Confirm new password")).toHaveValue(personal);
  await expect(rule(page, "Does not contain your name")).toHaveAttribute("data-state", "unmet");
  // Editing the field answers the error: it goes.
  await page.getByLabel("New password", { exact: true }).press("End");
  await page.getByLabel("New password", { exact: true }).press("Backspace");
  await expect(error).toHaveCount(0);

  const fresh = `${STRONG_PASSWORD}-new`;
  await chooseNewPassword(page, fresh);
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

  // Back to the form: the password was changed, not "not reset"; the next step is signing in.
  await page.goBack();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your password was already changed" })).toBeVisible();
  // The used link says the same in this browser.
  await page.goto(mail.link);
  await expect(page.getByRole("heading", { name: "Your password was already changed" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  // Prefilled with what was typed on /reset; not signed in for the user (a second factor may follow).
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email or username")).toHaveValue(user.email);
  await context.close();
});

test("a used link in another browser offers Sign in; a tab whose reset finished elsewhere says so", async ({ browser }) => {
  const setup = await browser.newContext();
  const user = await signUp(await setup.newPage());
  await setup.close();
  const laptop = await (await browser.newContext()).newPage();
  const mail = await requestReset(laptop, user.email);
  const phone = await (await browser.newContext()).newPage();
  await followResetLink(phone, mail.link);
  await chooseNewPassword(phone, `${STRONG_PASSWORD}-phone`);
  await expect(phone.getByRole("heading", { name: "Password changed" })).toBeVisible();

  await laptop.goto("/reset/password");
  await expect(laptop.getByText(/finished in another browser/)).toBeVisible();
  await expect(laptop.getByRole("link", { name: "Sign in" })).toBeVisible();

  const other = await (await browser.newContext()).newPage();
  await other.goto(mail.link);
  await expect(other.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(other.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("admin password forms check live and speak of the user, not of the admin", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).toHaveURL(/\/admin$/);
  const password = page.getByLabel("Password", { exact: true });
  await expect(page.locator('.rules__item[data-state="unmet"]')).toHaveCount(0);
  await password.fill("ab");
  await expect(rule(page, "At least 8 characters")).toHaveAttribute("data-state", "unmet");
  await expect(rule(page, "Does not contain the user's name")).toHaveAttribute("data-state", "on-save");
  await expect(page.getByText("Does not contain your name")).toHaveCount(0);
});

test("sign-in → reset keeps the identifier, with and without JavaScript, and never the password", async ({ browser }) => {
  const typed = `Nobody.${Date.now().toString(36)}@Example.com`;
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  const identifier = page.getByLabel("Email or username");
  await identifier.fill(typed);
  await page.getByLabel("Password", { exact: true }).fill("a-secret-typed-here");
  // Tab order: email → password → (show password) → "Forgot password?".
  await identifier.focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Forgot password?" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/reset\?identifier=/);
  expect(page.url()).not.toContain("secret");
  await expect(page.getByLabel("Email")).toHaveValue(typed);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  // "Check your email" names the address as typed (nothing about whether an account exists).
  await expect(page.getByText(typed)).toBeVisible();

  // The field's label and its error agree.
  await page.goto("/reset");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.locator(".field__error")).toHaveText(/email address\.$/);
  await expect(page.locator(".field__error")).not.toContainText("username");

  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noScript.goto("/login");
  await noScript.getByLabel("Email or username").fill(typed);
  await noScript.getByLabel("Password", { exact: true }).fill("a-secret-typed-here");
  await noScript.getByRole("button", { name: "Forgot password?" }).click();
  await expect(noScript).toHaveURL(/\/reset\?identifier=/);
  expect(noScript.url()).not.toContain("secret");
  await expect(noScript.getByLabel("Email")).toHaveValue(typed);
});

test("/login/forgot refuses hostile input with a stable 4xx and carries nothing it would refuse", async ({ request }) => {
  const post = (data: string, type: string) => request.post("/login/forgot", { data: Buffer.from(data), headers: { "content-type": type }, maxRedirects: 0 });
  const control = await post("identifier=a%00b%0D%0ALocation%3A%20x&password=p", "application/x-www-form-urlencoded");
  expect(control.status()).toBe(303);
  expect(control.headers().location).toMatch(/\/reset$/);
  const long = await post(`identifier=${"a".repeat(300)}`, "application/x-www-form-urlencoded");
  expect(long.status()).toBe(303);
  expect(long.headers().location).toMatch(/\/reset$/);
  const tooLong = await post(`identifier=${"a".repeat(2000)}`, "application/x-www-form-urlencoded");
  expect(tooLong.status()).toBe(400);
  const badJson = await post("{not json", "application/json");
  expect(badJson.status()).toBe(400);
  expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON");
  const xml = await post("<a/>", "application/xml");
  expect(xml.status()).toBe(415);
  const huge = await post(`identifier=${"a".repeat(20_000)}`, "application/x-www-form-urlencoded");
  expect(huge.status()).toBe(413);
});

test("a wrong code stays selected; after the last try the field and Continue are disabled and one click sends a new email", async ({ browser, page }) => {
  const setup = await browser.newContext();
  const { email: typed } = await signUp(await setup.newPage());
  await setup.close();
  // Waits for the email: the flow the code belongs to exists from then on.
  await requestReset(page, typed);
  const code = page.getByLabel("Code from the email");
  for (let left = 4; left >= 1; left--) {
    await code.fill(`00000${left}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator(".field__error")).toContainText(`${left} ${left === 1 ? "try" : "tries"} left`);
    await expect(code).toHaveValue(`00000${left}`);
    await expect(code).toBeFocused();
    expect(await code.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([0, 6]);
  }
  await code.fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Too many wrong codes")).toBeVisible();
  await expect(code).toBeDisabled();
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();
  await page.getByRole("button", { name: `Send a new email to ${typed}` }).click();
  await expect(page.getByLabel("Code from the email")).toBeEnabled();
  await expect(page.getByRole("button", { name: "Continue" })).toBeEnabled();
});
