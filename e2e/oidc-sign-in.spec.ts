import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./fixtures/axe";
import { setMfaPolicy } from "./fixtures/factors";
import { newAccount, rekeyPort, signInOnRekey, signInToApp, runRelyingParties } from "./fixtures/oidc-journeys";
import { ADMIN_EMAIL, adminPassword, signIn } from "./fixtures/users";
import { addVirtualAuthenticator } from "./fixtures/virtual-authenticator";

// Applications signing their users in through Rekey (issue 12): two copies of the example app
// (examples/relying-party, next-auth configured by Rekey's issuer alone) beside the e2e server.
const [appOne, appTwo] = runRelyingParties(test);

/** Every path the browser's top frame visits on Rekey's origin from now on. */
function rekeyVisits(page: Page): string[] {
  const visits: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = new URL(frame.url());
    if (url.port === String(rekeyPort)) visits.push(url.pathname);
  });
  return visits;
}

test("sign in from an app with a password: back in the app with the profile from the ID token", async ({ page }) => {
  const { email, password } = await newAccount(page);
  await page.goto(appOne.url);
  await page.getByRole("button", { name: "Sign in with Rekey" }).click();
  await signInOnRekey(page, email, password);
  await expect(page).toHaveURL(`${appOne.url}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  const claims = page.getByTestId("claims");
  await expect(claims).toContainText("email_verified");
  await expect(claims).toContainText(`iss${`http://localhost:${rekeyPort}/`}`);
  await expect(claims).toContainText(`aud${appOne.clientId}`);
  await expect(claims).toContainText("sid");
});

test("single sign-on: a second app signs in without asking again; prompt=login asks again", async ({ page }) => {
  const { email, password } = await newAccount(page);
  await signInToApp(page, appOne.url, email, password);

  const visits = rekeyVisits(page);
  await page.goto(appTwo.url);
  await page.getByRole("button", { name: "Sign in with Rekey" }).click();
  await expect(page).toHaveURL(`${appTwo.url}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  expect(visits.filter((p) => p === "/login")).toEqual([]);

  // prompt=login: the Rekey session is there, and still the sign-in form comes (signInOnRekey
  // waits for it), and signing in there returns to the app.
  await page.getByRole("button", { name: "Sign in again" }).click();
  await signInOnRekey(page, email, password);
  await expect(page).toHaveURL(`${appTwo.url}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
});

test("sign out from an app ends the Rekey session and returns to the app's logout URL", async ({ page }) => {
  const { email, password } = await newAccount(page);
  await signInToApp(page, appOne.url, email, password);

  await page.getByRole("button", { name: "Sign out" }).click();
  // Rekey asks, as an OpenID Provider does when a session exists (Auth0 does not ask).
  await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  await expect(page.getByText("App One asks to sign you out")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${appOne.url}/`);
  await expect(page.getByRole("button", { name: "Sign in with Rekey" })).toBeVisible();

  // Rekey's own session is over: its account page asks for a sign-in, and so does the other app.
  await page.goto(`http://localhost:${rekeyPort}/account`);
  await expect(page).toHaveURL(/\/login/);
  await page.goto(appTwo.url);
  await page.getByRole("button", { name: "Sign in with Rekey" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${rekeyPort}/login\\?`));
});

test("a logout return address the app did not register is not followed", async ({ page }) => {
  const response = await page.request.get(`http://localhost:${rekeyPort}/v2/logout?client_id=${appOne.clientId}&returnTo=${encodeURIComponent("https://evil.example/")}`, { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  await page.goto(`http://localhost:${rekeyPort}/v2/logout?client_id=${appOne.clientId}&returnTo=${encodeURIComponent("https://evil.example/")}`);
  expect(new URL(page.url()).hostname).toBe("localhost");
  await expect(page.getByText(/post_logout_redirect_uri|not registered|could not continue/i).first()).toBeVisible();
});

test("MFA policy always: a user without a factor sets up a passkey at an app's sign-in and lands in the app; the next sign-in asks for that passkey", async ({ page, browser }) => {
  // The console twice, and two sign-ins through the app.
  test.setTimeout(120_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN_EMAIL, adminPassword());
  await expect(admin).not.toHaveURL(/\/login/);
  const { email, password } = await newAccount(page);
  await setMfaPolicy(admin, /^Always:/);
  try {
    // This device's own authenticator (platform), as a phone's or a laptop's.
    const device = await addVirtualAuthenticator(page, { transport: "internal" });
    await page.goto(appOne.url);
    await page.getByRole("button", { name: "Sign in with Rekey" }).click();
    await signInOnRekey(page, email, password);
    await expect(page.getByText("This service asks every account for a second factor.")).toBeVisible();
    await page.getByText("Use another method").click();
    await page.getByRole("link", { name: /Passkey on this device/ }).click();
    await expect(page.getByRole("heading", { name: "Set up a passkey on this device" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Add passkey on this device" }).click();
    await expect(page).toHaveURL(`${appOne.url}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(email);
    // The ID token says how: the password, a passkey (swk), two factors.
    await expect(page.getByTestId("claims")).toContainText('amr["pwd","swk","mfa"]');
    expect(await device.credentials()).toHaveLength(1);

    // prompt=login: the password again, then the passkey, not a set-up. The sign-in form's autofill
    // would offer the passkey too (and this simulated device would answer it at once): here the
    // user types the password, so the device waits to be touched until the factor step asks.
    await device.presence(false);
    await page.getByRole("button", { name: "Sign in again" }).click();
    await signInOnRekey(page, email, password);
    await expect(page.getByRole("heading", { name: "Use your passkey" })).toBeVisible();
    await expect(page.getByText("This service asks every account for a second factor.")).toBeHidden();
    await device.presence(true);
    await page.getByRole("button", { name: "Use passkey" }).click();
    await expect(page).toHaveURL(`${appOne.url}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(email);
    // The password and then the passkey (autofill's passkey alone would be ["swk","mfa"]).
    await expect(page.getByTestId("claims")).toContainText('amr["pwd","swk","mfa"]');
  } finally {
    await setMfaPolicy(admin, /^When enrolled:/);
    await adminContext.close();
  }
});
