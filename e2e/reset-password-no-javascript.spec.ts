import { expect, test } from "@playwright/test";
import { followResetLink, requestReset } from "./fixtures/reset";
import { signIn, signUp } from "./fixtures/users";

// Issue 17, item 1, with JavaScript off: a refused new password comes back as a whole new page.
// What was typed is still in both fields, the reason sits next to the field it is about (its
// accessible description), and the focus is on that field.
test.use({ javaScriptEnabled: false });

test("JavaScript off: a refused new password keeps what was typed, says why next to the field, and focuses it", async ({ page }) => {
  const { email } = await signUp(page);
  await page.context().clearCookies();
  const { link } = await requestReset(page, email);
  await followResetLink(page, link);
  await expect(page).toHaveURL(/\/reset\/password$/);

  const fresh = page.getByLabel("New password", { exact: true });
  const confirm = page.getByLabel("Confirm new password");
  const save = page.getByRole("button", { name: "Save new password" });

  // Refused by the policy (too common): the reason is the new password's, the focus is there.
  await fresh.fill("Password1");
  await confirm.fill("Password1");
  await save.click();
  await expect(page).toHaveURL(/\/reset\/password$/);
  await expect(fresh).toHaveAccessibleDescription(/too common/);
  await expect(fresh).toHaveValue("Password1");
  await expect(confirm).toHaveValue("Password1");
  await expect(fresh).toBeFocused();
  await expect(confirm).not.toHaveAccessibleDescription(/too common/);

  // Refused because the two differ: the reason and the focus move to the confirmation.
  await fresh.fill("Quartz-Meadow-Lamp-9");
  await confirm.fill("Quartz-Meadow-Lamp-8");
  await save.click();
  await expect(confirm).toHaveAccessibleDescription(/do not match/);
  await expect(confirm).toBeFocused();
  await expect(fresh).toHaveValue("Quartz-Meadow-Lamp-9");
  await expect(confirm).toHaveValue("Quartz-Meadow-Lamp-8");
  await expect(fresh).not.toHaveAccessibleDescription(/too common|do not match/);

  // Fixed, it is saved; the refused ones were never set.
  await confirm.fill("Quartz-Meadow-Lamp-9");
  await save.click();
  await expect(page).toHaveURL(/\/reset\/done$/);
  await signIn(page, email, "Quartz-Meadow-Lamp-9");
  await expect(page).toHaveURL(/\/account$/);
});
