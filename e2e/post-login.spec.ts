import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import * as oidc from "openid-client";
import { Secret, TOTP } from "otpauth";
import { addAuthenticatorApp, openSecurityPage } from "./fixtures/factors";
import { signUp, STRONG_PASSWORD, uniqueEmail } from "./fixtures/users";

// The relying party: the seeded demo application (E2E_DEMO_APP), whose registered redirect URI is
// on localhost:3001. Nothing listens there: the browser's request to it is answered by the test,
// which plays the application (shows an error it got, or takes the code and redeems it).
const REDIRECT_URI = "http://localhost:3001/api/auth/callback/rekey";
const [CLIENT_ID, CLIENT_SECRET] = (process.env.E2E_DEMO_APP ?? ":").split(":");
const folder = () => path.join(process.env.E2E_ACTIONS_DIR!, "post-login");

const ACTIONS: Record<string, string> = {
  // A custom claim the application reads from its ID token; a protected one it must not get.
  "05-claims.js": `
exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim("https://rekey.example/greeting", "hello " + event.user.email);
  api.idToken.setCustomClaim("sub", "forged");
};`,
  // The external verifier site (fixtures/verifier-site.ts), for users whose address says so.
  "10-verify.js": `
exports.onExecutePostLogin = async (event, api) => {
  if (!event.user.email.startsWith("pl-verify")) return;
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "post-login" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};
exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
  api.idToken.setCustomClaim("https://rekey.example/verified", payload.verified === true);
};`,
  "20-deny.js": `
exports.onExecutePostLogin = async (event, api) => {
  if (event.user.email.startsWith("pl-deny")) api.access.deny("Your account may not use this application.");
};`,
  // A second factor for this application's sign-in, whatever the session did before.
  "30-mfa.js": `
exports.onExecutePostLogin = async (event, api) => {
  if (event.transaction.protocol === "oauth2-refresh-token") return;
  if (event.user.email.startsWith("pl-mfa")) api.multifactor.enable("any");
  if (event.user.email.startsWith("pl-enroll") && !event.user.enrolledFactors.some((f) => f.type === "otp")) api.authentication.enrollWith({ type: "otp" });
};`,
  "40-refresh.js": `
exports.onExecutePostLogin = async (event, api) => {
  if (event.transaction.protocol === "oauth2-refresh-token" && event.user.email.startsWith("pl-refresh")) api.access.deny("Refresh is off for you.");
};`,
};

test.beforeAll(() => {
  fs.mkdirSync(folder(), { recursive: true });
  for (const [name, source] of Object.entries(ACTIONS)) fs.writeFileSync(path.join(folder(), name), source);
});
test.afterAll(() => {
  fs.rmSync(folder(), { recursive: true, force: true });
});

/** The application's side: discovery, a PKCE authorization request, the callback, the code exchange. */
async function relyingParty(baseURL: string, scope = "openid email profile") {
  const config = await oidc.discovery(new URL(`${baseURL}/`), CLIENT_ID!, undefined, oidc.ClientSecretPost(CLIENT_SECRET!), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return {
    url,
    /**
     * Plays the application's callback page. `arrive(navigation)` runs the navigation that ends at
     * the callback and resolves with the URL the provider sent the browser to. Playwright does not
     * route the later hops of a redirect chain that `page.goto` started (the browser then really
     * tries localhost:3001, where nothing listens): the request is seen, and the same GET is then
     * made the first request of a navigation, which the route answers.
     */
    async callback(page: Page) {
      await page.route(`${new URL(REDIRECT_URI).origin}/**`, async (route) => {
        const back = new URL(route.request().url());
        const error = back.searchParams.get("error_description");
        const body = error ? `<h1>Example app</h1><p role="alert">Sign-in failed: ${error.replace(/[<>&]/g, "")}</p>` : "<h1>Example app</h1><p>Signed in.</p>";
        await route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><title>Example app</title><main>${body}</main></html>` });
      });
      return {
        async arrive(navigation: () => Promise<unknown>): Promise<URL> {
          const request = page.waitForRequest((r) => r.url().startsWith(REDIRECT_URI));
          await navigation().catch((error: Error) => {
            if (!/ERR_CONNECTION_REFUSED/.test(error.message)) throw error;
          });
          const url = new URL((await request).url());
          // Either the route answered, or the browser gave up on the port: then deliver it again.
          await page.waitForURL((at) => at.href.startsWith(REDIRECT_URI) || at.protocol === "chrome-error:");
          if (!page.url().startsWith(REDIRECT_URI)) await page.goto(url.href);
          return url;
        },
      };
    },
    redeem: (callbackUrl: URL) => oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
    refresh: (refreshToken: string) => oidc.refreshTokenGrant(config, refreshToken),
  };
}

test("a post-login Action's custom claim reaches the application's ID token; a protected one does not", async ({ page, baseURL }) => {
  const { email } = await signUp(page, uniqueEmail("pl-claims"));
  const rp = await relyingParty(baseURL!);
  const app = await rp.callback(page);
  const callbackUrl = await app.arrive(() => page.goto(rp.url.href));
  await expect(page.getByText("Signed in.")).toBeVisible();
  const tokens = await rp.redeem(callbackUrl);
  const claims = tokens.claims()!;
  expect(claims["https://rekey.example/greeting"]).toBe(`hello ${email}`);
  expect(claims.sub).toMatch(/^auth0\|[0-9a-f]{24}$/);
  expect(claims.email).toBe(email);
});

test("sendUserTo takes the user to an external page and back through /continue to the application", async ({ page, baseURL }) => {
  const { email } = await signUp(page, uniqueEmail("pl-verify"));
  const rp = await relyingParty(baseURL!);
  const app = await rp.callback(page);
  await page.goto(rp.url.href);
  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const callbackUrl = await app.arrive(() => page.getByRole("button", { name: "Verify", exact: true }).click());
  await expect(page.getByText("Signed in.")).toBeVisible();
  const claims = (await rp.redeem(callbackUrl)).claims()!;
  expect(claims["https://rekey.example/verified"]).toBe(true);
  expect(claims["https://rekey.example/greeting"]).toBe(`hello ${email}`);
});

test("a deny ends the sign-in and the application shows the Action's message", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("pl-deny"));
  const rp = await relyingParty(baseURL!);
  const app = await rp.callback(page);
  const callbackUrl = await app.arrive(() => page.goto(rp.url.href));
  expect(callbackUrl.searchParams.get("error")).toBe("access_denied");
  await expect(page.getByRole("alert")).toHaveText("Sign-in failed: Your account may not use this application.");
  await expect(rp.redeem(callbackUrl)).rejects.toThrow();
});

test("multifactor.enable makes a user with an authenticator app enter its code at the application's sign-in", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("pl-mfa"));
  await openSecurityPage(page, STRONG_PASSWORD);
  const app = await addAuthenticatorApp(page);
  const rp = await relyingParty(baseURL!);
  const callback = await rp.callback(page);
  await page.goto(rp.url.href);
  // The session (password only) does not meet it: the sign-in's factor step asks for the app.
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByRole("heading", { name: "Enter a code from your authenticator app" })).toBeVisible();
  const wrong = new TOTP({ secret: Secret.fromBase32(app.secret) }).generate({ timestamp: 0 });
  await page.getByLabel("Code", { exact: true }).fill(wrong);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".field__error")).toContainText("That code is not right. 4 tries left.");
  await page.getByLabel("Code", { exact: true }).fill(app.code());
  const callbackUrl = await callback.arrive(() => page.getByRole("button", { name: "Continue" }).click());
  await expect(page.getByText("Signed in.")).toBeVisible();
  const claims = (await rp.redeem(callbackUrl)).claims()!;
  expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
});

test("enrollWith sets an authenticator app up for a user without a factor, then the application signs in", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("pl-enroll"));
  const rp = await relyingParty(baseURL!);
  const callback = await rp.callback(page);
  await page.goto(rp.url.href);
  await expect(page.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("otp-secret").innerText()).replace(/\s/g, "");
  await page.getByLabel("Code", { exact: true }).fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate());
  const callbackUrl = await callback.arrive(() => page.getByRole("button", { name: "Continue" }).click());
  await expect(page.getByText("Signed in.")).toBeVisible();
  expect((await rp.redeem(callbackUrl)).claims()!.amr).toEqual(["pwd", "otp", "mfa"]);
  // Set up for good: the security page lists it.
  await openSecurityPage(page, STRONG_PASSWORD);
  await expect(page.getByRole("region", { name: "Your authenticator app" })).toBeVisible();
});

test("a deny on refresh-token exchange fails the refresh with access_denied; the sign-in itself went through", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("pl-refresh"));
  const rp = await relyingParty(baseURL!, "openid email profile offline_access");
  const callback = await rp.callback(page);
  const callbackUrl = await callback.arrive(() => page.goto(rp.url.href));
  const tokens = await rp.redeem(callbackUrl);
  expect(tokens.refresh_token).toMatch(/^[\w-]{43}$/);
  await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: "access_denied", error_description: "Refresh is off for you." });
});
