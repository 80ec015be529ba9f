import { expect, test, type Page } from "@playwright/test";
import { readResetMail } from "../e2e/fixtures/reset";
import { mailCount } from "../e2e/fixtures/mailbox";
import { signUp, uniqueEmail } from "../e2e/fixtures/users";

/** Each step of the reset, as a person sees it, one full-page PNG per step and variant. */
test("the reset journey, step by step", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  let step = 0;
  const shoot = async (target: Page, name: string) => {
    await target.evaluate(() => document.fonts.ready);
    await target.screenshot({ path: `test-results/screenshots/${info.project.name}/${String(++step).padStart(2, "0")}-${name}.png`, fullPage: true });
  };

  const { email } = await signUp(page, uniqueEmail("shots"));
  const visitor = await (await browser.newContext({ viewport: page.viewportSize() ?? undefined, colorScheme: info.project.use.colorScheme })).newPage();
  await visitor.goto("/login");
  await shoot(visitor, "sign-in");
  await visitor.getByLabel(/^Email/).first().fill(email);
  await visitor.getByRole("button", { name: /Forgot password/ }).click();
  await expect(visitor).toHaveURL(/\/reset/);
  await shoot(visitor, "request");

  const before = await mailCount();
  await visitor.getByLabel(/^Email/).fill(email);
  await visitor.getByRole("button", { name: "Send reset link" }).click();
  await expect(visitor).toHaveURL(/\/reset\/sent$/);
  await shoot(visitor, "check-your-email");

  const mail = await readResetMail(email, before);
  const inbox = await visitor.context().newPage();
  await inbox.setContent(mail.html);
  await shoot(inbox, "email");
  await inbox.close();

  await visitor.goto(mail.link);
  await shoot(visitor, "link-opened");
  await visitor.getByRole("button", { name: "Continue" }).click();
  await expect(visitor).toHaveURL(/\/reset\/password$/);
  await shoot(visitor, "new-password");
  await visitor.getByLabel("New password", { exact: true }).fill("short");
  await visitor.getByLabel("Confirm new password").fill("short");
  await visitor.getByRole("button", { name: "Save new password" }).click();
  await expect(visitor.getByText(/at least/i).first()).toBeVisible();
  await shoot(visitor, "new-password-refused");
  await visitor.getByLabel("New password", { exact: true }).fill("Lantern-Meadow-Quartz-93");
  await visitor.getByLabel("Confirm new password").fill("Lantern-Meadow-Quartz-93");
  await visitor.getByRole("button", { name: "Save new password" }).click();
  await expect(visitor).toHaveURL(/\/reset\/done/);
  await shoot(visitor, "done");

  await visitor.goto(mail.link);
  await shoot(visitor, "link-used-again");
  await visitor.context().close();
});
