import { expect, test, type Page } from "@playwright/test";
import { mailCount } from "./fixtures/mailbox";
import { newAccount, rekeyOrigin, signInOnRekey, runRelyingParties } from "./fixtures/oidc-journeys";
import { chooseNewPassword, followResetLink, readResetMail } from "./fixtures/reset";

// "Forgot password?" from an application's sign-in keeps the application (issue 12).
const [appOne] = runRelyingParties(test);
const NEW_PASSWORD = "Second-Journey-Password-77";

/** From the app's sign-in on Rekey, "Forgot password?": the reset email that came. */
async function forgotPasswordFromApp(page: Page, email: string) {
  await page.goto(appOne.url);
  await page.getByRole("button", { name: "Sign in with Rekey" }).click();
  await expect(page).toHaveURL(new RegExp(`^${rekeyOrigin}/login\\?`));
  const after = await mailCount();
  await page.getByRole("button", { name: "Forgot password?" }).click();
  // The sign-in form's own field is also "Email…": fill only once the reset page is there.
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel(/^Email/).fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  return readResetMail(email, after);
}

test("forgot password from the app: after the reset, 'Back to App One' resumes the sign-in and lands in the app", async ({ page }) => {
  const { email } = await newAccount(page);
  const mail = await forgotPasswordFromApp(page, email);
  await followResetLink(page, mail.link);
  await chooseNewPassword(page, NEW_PASSWORD);

  await expect(page).toHaveURL(/\/reset\/done\?/);
  await page.getByRole("link", { name: "Back to App One" }).click();
  // The reset signed every session out: the same sign-in asks again, with the new password.
  await signInOnRekey(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(`${appOne.url}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
});

test("a reset link from an app's sign-in opened in another browser: 'Back to App One' goes to the app's login URI", async ({ page, browser }) => {
  const { email } = await newAccount(page);
  const mail = await forgotPasswordFromApp(page, email);

  // The phone's browser: no interaction cookie, so the sign-in cannot resume there.
  const elsewhere = await browser.newContext({ baseURL: rekeyOrigin });
  const phone = await elsewhere.newPage();
  await followResetLink(phone, mail.link);
  await chooseNewPassword(phone, NEW_PASSWORD);
  await phone.getByRole("link", { name: "Back to App One" }).click();
  await expect(phone).toHaveURL(`${appOne.url}/`);
  await expect(phone.getByRole("button", { name: "Sign in with Rekey" })).toBeVisible();
  await elsewhere.close();
});

test("the done page names only registered applications: a made-up client_id shows the plain sign-in", async ({ page }) => {
  await page.goto(`/reset/done?client_id=not-an-app-at-all&interaction=abc`);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Back to/ })).toHaveCount(0);
});
