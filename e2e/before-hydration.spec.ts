import { expect, test, type Page } from "@playwright/test";
import { mailCount } from "./fixtures/mailbox";
import { readResetMail } from "./fixtures/reset";
import { STRONG_PASSWORD, signUp } from "./fixtures/users";

/**
 * Holds every script of the app (/_next/static) until `release()`, as on a slow phone: the page is
 * shown and can be used, but React has not hydrated it. Pages are opened with
 * waitUntil "domcontentloaded", since "load" waits for the held scripts.
 */
async function holdScripts(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  await page.route("**/_next/static/**/*.js", async (route) => {
    held++;
    await released;
    // The page may have moved on (the form's navigation) and dropped the request meanwhile.
    await route.continue().catch(() => undefined);
  });
  return {
    /** How many script requests were held so far: proof that the page had not run them. */
    held: () => held,
    release: async () => {
      release();
      await page.unrouteAll({ behavior: "ignoreErrors" });
    },
  };
}

// Regression (issue 11, item 14): a press before hydration posted the form natively, with
// Origin: null from the reset pages' no-referrer policy, and got an unbranded 500.
test("a press before the page's scripts ran: the reset request, the emailed code, the link's Continue, the new password's Save and sign-in work", async ({ page }) => {
  test.setTimeout(120_000);
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The reset request, then the code from the email typed on "Check your email", both before hydration.
  let scripts = await holdScripts(page);
  let after = await mailCount();
  await page.goto("/reset", { waitUntil: "domcontentloaded" });
  await page.getByLabel(/^Email/).fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  const first = await readResetMail(email, after);
  await page.getByLabel("Code from the email").fill(first.code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/reset\/password$/);
  expect(scripts.held()).toBeGreaterThan(0);
  await scripts.release();

  // The new password, saved before hydration.
  scripts = await holdScripts(page);
  await page.goto("/reset/password", { waitUntil: "domcontentloaded" });
  await page.getByLabel("New password", { exact: true }).fill("Granite-Fable-Orbit-7");
  await page.getByLabel("Confirm new password").fill("Granite-Fable-Orbit-7");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/reset\/done$/);
  await scripts.release();

  // Sign-in pressed before hydration posts the form to /login/submit.
  scripts = await holdScripts(page);
  await page.goto("/login", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Email or username").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\?error=INVALID_CREDENTIALS/);
  await page.getByLabel("Password", { exact: true }).fill("Granite-Fable-Orbit-7");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await scripts.release();

  // Another reset: the emailed link's Continue, pressed before hydration.
  await page.getByRole("button", { name: "Sign out" }).click();
  after = await mailCount();
  await page.goto("/reset");
  await page.getByLabel(/^Email/).fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  const second = await readResetMail(email, after);
  scripts = await holdScripts(page);
  await page.goto(second.link, { waitUntil: "domcontentloaded" });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/reset\/password$/);
  expect(scripts.held()).toBeGreaterThan(0);
  await scripts.release();
});
