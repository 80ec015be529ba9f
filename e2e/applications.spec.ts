import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, adminPassword, signIn } from "./fixtures/users";

test("an admin creates an application, sees its secret once, edits it, rotates the secret and deletes it", async ({ page, request }) => {
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/applications");
  await page.getByLabel("Name").fill("E2E shop");
  await page.getByLabel("Allowed callback URLs").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByText("must be an http(s) URL")).toBeVisible();
  await page.getByLabel("Allowed callback URLs").fill("http://localhost:3999/callback");
  await page.getByRole("button", { name: "Create application" }).click();
  const clientId = await page.getByLabel("Client ID", { exact: true }).inputValue();
  const secret = await page.getByLabel("Client secret", { exact: true }).inputValue();
  expect(secret.length).toBeGreaterThan(40);

  await page.goto("/admin/applications");
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole("link", { name: "E2E shop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E shop" })).toBeVisible();
  await page.getByLabel("ID token algorithm").selectOption("ES256");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved")).toBeVisible();
  const discovery = await request.get("/.well-known/openid-configuration");
  expect(discovery.status()).toBe(200);

  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await page.getByLabel("New client secret").inputValue();
  expect(rotated).not.toBe(secret);

  await page.getByText("Delete application E2E shop", { exact: true }).click();
  await page.getByRole("button", { name: /^Yes, delete application/ }).click();
  await expect(page).toHaveURL(/\/admin\/applications$/);
  await expect(page.getByText(clientId)).toHaveCount(0);
});

test("an admin defines an API and grants an application its scopes", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, adminPassword());
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/apis");
  await page.getByLabel("Name").fill("Invoices");
  await page.getByLabel("Identifier (audience)").fill("https://invoices.e2e.example/");
  await page.getByLabel("Scopes").fill("read:invoices Read invoices\nwrite:invoices");
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Invoices" })).toBeVisible();
  await page.getByLabel("Scopes granted (space-separated)").fill("read:invoices");
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByText("Granted.", { exact: true })).toBeVisible();
  await expect(page.getByText(/: read:invoices$/)).toBeVisible();
});
