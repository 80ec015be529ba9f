import { expect, test } from "@playwright/test";
import { signIn, signUp, STRONG_PASSWORD } from "./fixtures/users";

// Regression: sign-out only deleted the cookie, and a copy of it stayed signed in for 30 days.
test("sign-out ends that session on the server: a copied cookie stops working, the user's other browser stays signed in", async ({ browser }) => {
  const a = await browser.newContext();
  const pageA = await a.newPage();
  const { email } = await signUp(pageA);
  const b = await browser.newContext();
  const pageB = await b.newPage();
  await signIn(pageB, email, STRONG_PASSWORD);
  await expect(pageB).toHaveURL(/\/account$/);

  const token = (await a.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(token).toBeDefined();
  const c = await browser.newContext();
  await c.addCookies([token!]);
  const pageC = await c.newPage();
  await pageC.goto("/account");
  await expect(pageC).toHaveURL(/\/account$/);
  const session = await (await c.request.get("/api/auth/session")).json();
  expect(session).toMatchObject({ user: { email } });
  // The session ends 8 hours after sign-in at the latest, whatever next-auth re-issues.
  expect(Date.parse(session.expires) - Date.now()).toBeLessThanOrEqual(8 * 60 * 60 * 1000);

  await pageA.getByRole("button", { name: "Sign out" }).click();
  await expect(pageA).toHaveURL(/\/login/);

  await c.clearCookies();
  await c.addCookies([token!]);
  await pageC.goto("/account");
  await expect(pageC).toHaveURL(/\/login/);
  await c.clearCookies();
  await c.addCookies([token!]);
  expect(await (await c.request.get("/api/auth/session")).json()).toEqual({});

  await pageB.goto("/account");
  await expect(pageB).toHaveURL(/\/account$/);
  await a.close();
  await b.close();
  await c.close();
});
