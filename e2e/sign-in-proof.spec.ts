import { expect, test, type Page } from "@playwright/test";
import { mailCount, waitForMail } from "./fixtures/mailbox";
import { codeIn, guessFromManyAddresses } from "./fixtures/sign-in";
import { STRONG_PASSWORD, signUp } from "./fixtures/users";

/** Fills the sign-in form, lets strangers spend the account's budget meanwhile, then submits. */
async function signInWhileGuessedAt(page: Page, baseURL: string, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await guessFromManyAddresses(baseURL, email);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function newSignedOutUser(page: Page) {
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  return email;
}

// Regression: the account-wide sign-in limit refused the right password, so strangers guessing from many addresses locked the owner out.
test("while strangers guess at an account, its owner signs in with the right password and the code emailed to them", async ({ page, browser, baseURL }) => {
  // Two rounds of 54 real argon2 sign-ins.
  test.slow();
  const email = await newSignedOutUser(page);
  const before = await mailCount();
  await signInWhileGuessedAt(page, baseURL!, email, STRONG_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByRole("heading", { name: "Enter the code we emailed you" })).toBeVisible();
  const notice = await waitForMail(email, { subject: "trying to sign in", after: before });
  expect(notice.text).toContain("not blocked");
  const code = codeIn((await waitForMail(email, { subject: "verification code", after: before })).text);

  await page.getByLabel("Code", { exact: true }).fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".field__error")).toContainText("That code is not right. 4 tries left.");
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  // Without JavaScript: the sign-in form posted as a plain form (/login/submit), then the proof page's plain form.
  // The form is filled before the guesses, as in the first round: the budget refills one sign-in
  // every 12 s, so a slow page load after the guesses could find a token and let the owner in.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const beforeSecond = await mailCount();
  const bare = await noScript.newPage();
  await signInWhileGuessedAt(bare, baseURL!, email, STRONG_PASSWORD);
  await expect(bare).toHaveURL(/\/login\/verify/);
  const second = codeIn((await waitForMail(email, { subject: "verification code", after: beforeSecond })).text);
  await bare.getByLabel("Code", { exact: true }).fill(second);
  await bare.getByRole("button", { name: "Continue" }).click();
  await expect(bare).toHaveURL(/\/account$/);
  await noScript.close();
});

test("during the lockout a wrong password gets the same proof step, which no code completes", async ({ page, baseURL }) => {
  const email = await newSignedOutUser(page);
  await signInWhileGuessedAt(page, baseURL!, email, "Not-The-Password-1");
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByRole("heading", { name: "Enter the code we emailed you" })).toBeVisible();
  for (const left of [4, 3, 2, 1]) {
    await page.getByLabel("Code", { exact: true }).fill("123456");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.locator(".field__error")).toContainText(`${left} ${left === 1 ? "try" : "tries"} left`);
  }
  await page.getByLabel("Code", { exact: true }).fill("123456");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Sign in again" })).toBeVisible();
  await expect(page.getByText("Too many wrong codes. Sign in again.")).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("hostile input on the proof forms goes back to the page with a stable code, never a 5xx", async ({ request, baseURL }) => {
  const form = "application/x-www-form-urlencoded";
  const cases: { url: string; type: string; data: string | Buffer }[] = [
    { url: "/login/verify/code", type: form, data: "method=email&code=123456" },
    { url: "/login/verify/code", type: form, data: "method=%00&code=%00&callbackUrl=%2F%2Fevil.example" },
    { url: "/login/verify/code", type: form, data: `method=otp&code=${"1".repeat(100_000)}` },
    { url: "/login/verify/code", type: "application/json", data: '{"method":["otp"],"code":{}}' },
    { url: "/login/verify/code", type: "multipart/form-data; boundary=x", data: "--x--" },
    { url: "/login/verify/send", type: form, data: "method=push-notification" },
    { url: "/login/verify/send", type: form, data: "method=email&callbackUrl=javascript:alert(1)" },
  ];
  for (const c of cases) {
    const response = await request.post(c.url, { headers: { "content-type": c.type, origin: new URL(baseURL!).origin }, data: c.data, maxRedirects: 0 });
    expect(response.status(), c.data.toString().slice(0, 60)).toBe(303);
    const location = new URL(response.headers()["location"]!);
    expect(location.pathname).toBe("/login/verify");
    expect(location.searchParams.get("error")).toMatch(/^[A-Z_]+$/);
    // A hostile or missing return address falls back to the signed-in landing, which sends each person on by role.
    expect(location.searchParams.get("callbackUrl")).toBe("/signed-in");
  }
  for (const query of ["error=constructor", "error=__proto__&method=toString", "method[]=otp&callbackUrl[]=x"]) {
    const page = await request.get(`/login/verify?${query}`);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain("Sign in again");
  }
});
