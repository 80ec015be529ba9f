import { expect, test, type Page } from "@playwright/test";
import { openSecurityPage, passFactorByEmail, readEmailCode } from "./fixtures/factors";
import { mailCount } from "./fixtures/mailbox";
import { chooseNewPassword, followResetLink, openContinueResendPageWithoutScript, requestReset } from "./fixtures/reset";
import { STRONG_PASSWORD, signIn, signUp } from "./fixtures/users";
import { dropAction, receivedWebhooks } from "./fixtures/webhooks";

// Post-challenge Actions block every reset while they are in the folder: each test removes its own.
// VERIFIER_URL and VERIFIER_SECRET are secrets from the environment, scoped to files named
// `<n>-verify.js` (e2e/global-setup.ts); the verifier site is e2e/fixtures/verifier-site.ts, on
// another loopback origin.
const VERIFY_ACTION = `
/** @type {import('rekey/actions').PasswordResetPostChallengeAction} */
exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "verify" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};

/** @type {import('rekey/actions').PasswordResetPostChallengeAction} */
exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
  await fetch(event.secrets.WEBHOOK_BASE + "/hook/post-challenge", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: event.user.email,
      payload,
      request: { method: event.request.method, query: event.request.query, body: event.request.body },
      methods: event.authentication.methods,
      enrolledFactors: event.user.enrolledFactors,
      correlationId: event.transaction.correlation_id,
    }),
  });
  if (!payload.verified) api.access.deny("The verifier did not confirm it was you.");
};
`;

type ContinueReport = {
  email: string;
  payload: { sub: string; state: string; verified: boolean };
  request: { method: string; query: Record<string, string>; body: Record<string, string> };
  methods: Array<{ name: string }>;
  enrolledFactors: unknown[];
  correlationId: string;
};

/** Signs up a user (signed out again) and asks for a reset; returns the email link. */
async function startReset(page: Page) {
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const mail = await requestReset(page, email);
  return { email, link: mail.link };
}

/** Follows the link into the Action's redirect: ends on the verifier site. */
async function reachVerifier(page: Page, link: string) {
  await followResetLink(page, link);
  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  const url = new URL(page.url());
  expect(url.origin).toBe(process.env.E2E_VERIFIER_URL);
  return url;
}

/** Signing in with `password` works (by default the one from before the reset: nothing changed). */
async function expectSignIn(page: Page, email: string, password = STRONG_PASSWORD) {
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
}

async function finishReset(page: Page, email: string, password: string) {
  await chooseNewPassword(page, password);
  await expect(page).toHaveURL(/\/reset\/done$/);
  await expectSignIn(page, email, password);
}

const alert = (page: Page) => page.getByRole("main").getByRole("alert");

test("an Action sends the user to an external verifier; back at /continue it validates the token and the reset goes on", async ({ page }) => {
  const remove = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_ACTION);
  try {
    const { email, link } = await startReset(page);
    const before = (await receivedWebhooks("/hook/post-challenge", 0)).length;
    const verifier = await reachVerifier(page, link);
    const state = verifier.searchParams.get("state")!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(page.getByText(/Request from localhost for auth0\|[0-9a-f]{24}\./)).toBeVisible();

    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page).toHaveURL(/\/reset\/password$/);
    const [report] = (await receivedWebhooks("/hook/post-challenge", before + 1)).slice(before).map((h) => h.body as ContinueReport);
    expect(report).toMatchObject({
      email,
      payload: { state, verified: true },
      request: { method: "GET", query: { state, session_token: expect.any(String) }, body: {} },
      methods: [{ name: "email" }],
      enrolledFactors: [],
    });
    expect(report!.payload.sub).toMatch(/^auth0\|[0-9a-f]{24}$/);

    await finishReset(page, email, "Verified-Reset-515");
  } finally {
    remove();
  }
});

test("a verifier that POSTs back to /continue from its own site: the page re-sends it from ours and the reset goes on", async ({ page }) => {
  const remove = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_ACTION);
  try {
    const { link } = await startReset(page);
    const before = (await receivedWebhooks("/hook/post-challenge", 0)).length;
    await reachVerifier(page, link);
    await page.getByRole("button", { name: "Verify by POST" }).click();
    await expect(page).toHaveURL(/\/reset\/password$/);
    const [report] = (await receivedWebhooks("/hook/post-challenge", before + 1)).slice(before).map((h) => h.body as ContinueReport);
    expect(report!.request).toMatchObject({ method: "POST", query: {}, body: { state: expect.any(String), session_token: expect.any(String) } });
  } finally {
    remove();
  }
});

test("a tampered state, the link opened in another browser, and a replay are refused with a clear page and change nothing", async ({ page, browser }) => {
  const remove = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_ACTION);
  try {
    const { email, link } = await startReset(page);
    const verifier = await reachVerifier(page, link);

    // Tampered: one character of the state changed on its way back.
    await page.locator('form[method="get"] input[name="state"]').evaluate((input: HTMLInputElement) => {
      input.value = `${input.value.slice(0, -1)}${input.value.endsWith("A") ? "B" : "A"}`;
    });
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page).toHaveURL(/\/reset\/error\?code=RESET_CONTINUE_INVALID$/);
    // This browser's reset still waits on the verifier: the page says so and offers the way back.
    await expect(alert(page)).toContainText("not valid or was already used. Nothing was changed: your reset still waits for the step on");
    await expect(page.getByRole("button", { name: /^Continue at / })).toBeVisible();

    // Another browser with the right state: it holds no reset.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(verifier.href);
    await otherPage.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(otherPage).toHaveURL(/\/reset\/error\?code=RESET_NOT_FOUND$/);
    await expect(otherPage.getByRole("main").getByRole("alert")).toContainText("no password reset in progress in this browser");
    await other.close();

    // Neither attempt spent the state: the right browser still continues with it.
    await page.goto(verifier.href);
    const continued = page.waitForRequest((r) => new URL(r.url()).pathname === "/continue");
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    const continueUrl = (await continued).url();
    await expect(page).toHaveURL(/\/reset\/password$/);

    // Replayed: refused, and the reset is still at the new-password step.
    await page.goto(continueUrl);
    await expect(page).toHaveURL(/\/reset\/error\?code=RESET_CONTINUE_INVALID$/);
    await page.goto("/reset/password");
    await finishReset(page, email, "After-Replay-616");
  } finally {
    remove();
  }
});

test("Back from the verifier, the waiting page and a refused return each offer the way back to the verifier, with a fresh state", async ({ page }) => {
  const remove = dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_ACTION);
  try {
    const { email, link } = await startReset(page);
    const first = await reachVerifier(page, link);
    const host = first.host;
    const continueThere = page.getByRole("button", { name: `Continue at ${host}` });

    // Back lands on the used link: it says where the reset waits, not "link already used".
    await page.goBack();
    await expect(page).toHaveURL(/\/reset\/verify\?ticket=/);
    await expect(page.getByRole("heading", { name: "Your reset continues on another site" })).toBeVisible();
    await expect(page.getByText(`it now waits for a step on ${host}`)).toBeVisible();
    await continueThere.click();
    const second = await expectOnVerifier(page);
    expect(second.searchParams.get("state")).not.toBe(first.searchParams.get("state"));
    expect(second.searchParams.get("session_token")).toBe(first.searchParams.get("session_token"));

    // The waiting page names the site and offers it too.
    await page.goto("/reset/challenge");
    await expect(page.getByRole("main").getByRole("status")).toContainText(`This reset continues on ${host}.`);
    await continueThere.click();
    const third = await expectOnVerifier(page);

    // The verifier's page from before holds a state that is void now: refused, and the error page
    // offers the way back rather than "start again".
    await page.goto(second.href);
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page).toHaveURL(/\/reset\/error\?code=RESET_CONTINUE_INVALID$/);
    await expect(page.getByRole("heading", { name: "Your reset is not finished yet" })).toBeVisible();
    await expect(alert(page)).toContainText(`your reset still waits for the step on ${host}`);
    await continueThere.click();
    const fourth = await expectOnVerifier(page);
    expect(new Set([first, second, third, fourth].map((u) => u.searchParams.get("state"))).size).toBe(4);

    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await finishReset(page, email, "Came-Back-Later-717");
  } finally {
    remove();
  }
});

/** The verifier's page, reached again through "Continue at …": the same URL with a fresh state. */
async function expectOnVerifier(page: Page) {
  await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
  await expect(page.getByText(/Request from localhost for auth0\|[0-9a-f]{24}\./)).toBeVisible();
  const url = new URL(page.url());
  expect(url.origin).toBe(process.env.E2E_VERIFIER_URL);
  expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return url;
}

// A state past its lifetime is refused and changes nothing: lib/reset/post-challenge/post-challenge.test.ts
// proves it without waiting RESET_REDIRECT_SECONDS out; /continue sends every refusal to
// /reset/error?code=… (the replay journey above). What only a browser shows is that page's words.
test("the page for a state past its lifetime says nothing was changed", async ({ page }) => {
  await page.goto("/reset/error?code=RESET_CONTINUE_EXPIRED");
  await expect(alert(page)).toContainText("took too long. Nothing was changed.");
  await expect(page.getByRole("link", { name: "Start a new password reset" })).toHaveAttribute("href", "/reset");
});

test("an Action that denies shows its reason; the password is unchanged", async ({ page }) => {
  const remove = dropAction(
    "password-reset-post-challenge",
    "10-deny.js",
    `exports.onExecutePostChallenge = async (event, api) => { api.access.deny("Password resets are paused for this account. Call the help desk."); };`,
  );
  try {
    const { email, link } = await startReset(page);
    await followResetLink(page, link);
    await expect(page).toHaveURL(/\/reset\/error\?code=RESET_DENIED$/);
    await expect(page.getByRole("heading", { name: "Your password was not reset" })).toBeVisible();
    await expect(alert(page)).toHaveText("Password resets are paused for this account. Call the help desk.");
    // The reason comes from this browser's flow, not the URL: elsewhere the page says only the generic text.
    await page.context().clearCookies();
    await page.reload();
    await expect(alert(page)).toHaveText("The password reset was refused.");
    await expectSignIn(page, email);
  } finally {
    remove();
  }
});

test("an Action that throws, and one that never ends, fail the reset closed; the password is unchanged", async ({ page }) => {
  for (const [name, body] of [
    ["10-throws.js", `console.log("calling the risk service"); throw new Error("risk service unavailable");`],
    ["10-loops.js", `for (;;) {}`],
  ]) {
    const remove = dropAction("password-reset-post-challenge", name!, `exports.onExecutePostChallenge = async (event, api) => { ${body} };`);
    try {
      const { email, link } = await startReset(page);
      await followResetLink(page, link);
      await expect(page).toHaveURL(/\/reset\/error\?code=RESET_FAILED$/, { timeout: 15_000 });
      await expect(alert(page)).toContainText("could not continue because of an error on our side. Nothing was changed.");
      await expectSignIn(page, email);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login/);
    } finally {
      remove();
    }
  }
  // The loop's sandbox process was stopped and replaced, and this file's started, from inside Next's
  // server bundle; they still have the trigger's api (a bundled copy of the entry once had none).
  const remove = dropAction("password-reset-post-challenge", "10-deny.js", `exports.onExecutePostChallenge = async (event, api) => { api.access.deny("Denied by the replacement worker."); };`);
  try {
    const { link } = await startReset(page);
    await followResetLink(page, link);
    await expect(page).toHaveURL(/\/reset\/error\?code=RESET_DENIED$/);
    await expect(alert(page)).toHaveText("Denied by the replacement worker.");
  } finally {
    remove();
  }
});

test("hostile input on /continue gets a clear error page, never a stack trace", async ({ request }) => {
  const cases: Array<{ method: "GET" | "POST"; path: string; headers?: Record<string, string>; data?: string | Buffer; expected: RegExp }> = [
    { method: "GET", path: "/continue", expected: /code=RESET_CONTINUE_INVALID$/ },
    { method: "GET", path: `/continue?state=${encodeURIComponent("😀\u202e".repeat(20))}`, expected: /code=RESET_CONTINUE_INVALID$/ },
    { method: "GET", path: `/continue?state=${"A".repeat(43)}`, expected: /code=RESET_NOT_FOUND$/ },
    { method: "GET", path: `/continue?${Array.from({ length: 150 }, (_, i) => `p${i}=1`).join("&")}`, expected: /code=INVALID_INPUT$/ },
    { method: "POST", path: "/continue", headers: { "content-type": "application/json" }, data: JSON.stringify({ state: 42 }), expected: /code=RESET_CONTINUE_INVALID$/ },
    { method: "POST", path: "/continue", headers: { "content-type": "application/json" }, data: Buffer.from("{not json"), expected: /code=INVALID_JSON$/ },
    { method: "POST", path: "/continue", headers: { "content-type": "application/x-www-form-urlencoded" }, data: `state=${"x".repeat(1_000_000)}`, expected: /code=PAYLOAD_TOO_LARGE$/ },
    { method: "POST", path: "/continue", headers: { "content-type": "text/plain" }, data: "state=x", expected: /code=UNSUPPORTED_MEDIA_TYPE$/ },
  ];
  for (const c of cases) {
    const response = await request.fetch(c.path, { method: c.method, headers: c.headers, data: c.data, maxRedirects: 0 });
    expect(response.status(), c.path.slice(0, 80)).toBe(303);
    expect(response.headers().location).toMatch(c.expected);
    expect(response.headers()["cache-control"]).toContain("no-store");
    expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  }

  // A cross-site POST without the cookie gets the re-send page, with every posted value escaped.
  const bounce = await request.post("/continue?x=1", {
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
    data: `state=${encodeURIComponent('"><script>alert(1)</script>')}&other=${encodeURIComponent("<img src=x onerror=alert(2)>")}`,
    maxRedirects: 0,
  });
  expect(bounce.status()).toBe(200);
  const html = await bounce.text();
  expect(html).toContain('action="/continue?x=1"');
  expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  expect(html).not.toContain("<script>alert");
  // The one script runs under the CSP only with this response's nonce.
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(bounce.headers()["content-security-policy"] ?? "")?.[1];
  expect(html).toContain(`<script nonce="${nonce}">`);
  expect(html).not.toContain("<img");
});

test("the re-send page works without its script", async ({ page }) => {
  await openContinueResendPageWithoutScript(page);
  await page.getByRole("button", { name: "Continue" }).click();
  // Sent from our own origin now, but this browser holds no reset.
  await expect(page).toHaveURL(/\/reset\/error\?code=RESET_NOT_FOUND$/);
});

test("back from the verifier, the Action asks for an email code, read from the mailbox; the reset completes", async ({ page }) => {
  const remove = dropAction(
    "password-reset-post-challenge",
    "10-verify.js",
    `exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "verify" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};
exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
  if (!payload.verified) return api.access.deny("The verifier did not confirm it was you.");
  api.authentication.challengeWith({ type: "email" });
};`,
  );
  try {
    const { email } = await signUp(page);
    await openSecurityPage(page, STRONG_PASSWORD);
    const enrolAfter = await mailCount();
    await page.getByRole("button", { name: "Verify my email and turn on email codes" }).click();
    await page.getByLabel("Code from the email").fill(await readEmailCode(email, enrolAfter));
    await page.getByRole("button", { name: "Verify and turn on" }).click();
    await expect(page.getByRole("region", { name: "Your email for codes" })).toBeVisible();
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    const { link } = await requestReset(page, email);
    await reachVerifier(page, link);
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page).toHaveURL(/\/reset\/challenge/);
    await expect(page.getByRole("heading", { name: "Enter the code we email you" })).toBeVisible();
    const codeAfter = await mailCount();
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Code from the email").fill(await readEmailCode(email, codeAfter));
    await page.getByRole("button", { name: "Continue" }).click();
    await chooseNewPassword(page, "Verified-And-Coded-616");
    await expect(page).toHaveURL(/\/reset\/done$/);
    // Email codes are on: signing in asks for one (MFA policy "when enrolled").
    await signIn(page, email, "Verified-And-Coded-616");
    await passFactorByEmail(page, email);
    await expect(page).toHaveURL(/\/account$/);
  } finally {
    remove();
  }
});
