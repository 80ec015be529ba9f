import { expect, test } from "@playwright/test";
import { chooseNewPassword, followResetLink, requestReset } from "./fixtures/reset";
import { STRONG_PASSWORD, signUp } from "./fixtures/users";
import { dropAction, receivedWebhooks } from "./fixtures/webhooks";

// Both files post what they received to the webhook receiver; WEBHOOK_BASE is a secret from the
// environment (ACTION_SECRET_WEBHOOK_BASE), exactly as an author would keep a URL with a token.
const HOOK = `
module.exports = function (user, context, cb) {
  fetch(context.webtask.secrets.WEBHOOK_BASE + "/hook/legacy", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, connection: context.connection, delivery: context.delivery, at: Date.now() }),
  }).then(() => cb(), cb);
};
`;

const ACTION = `
/** @type {import('rekey/actions').PostChangePasswordAction} */
exports.onExecutePostChangePassword = async (event) => {
  console.log("notifying for", event.user.user_id);
  await fetch(event.secrets.WEBHOOK_BASE + "/hook/action", {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": event.transaction.correlation_id },
    body: JSON.stringify({ event: { ...event, secrets: Object.keys(event.secrets) }, at: Date.now() }),
  });
};
`;

type HookBody = { user: Record<string, unknown>; connection: Record<string, unknown>; delivery: { id: string }; at: number };
type SentEvent = {
  user: { user_id: string; id: string; email: string; last_password_reset: string };
  connection: { id: string; name: string; strategy: string };
  request: Record<string, unknown>;
  tenant: { id: string };
  secrets: string[];
  transaction: { correlation_id: string };
  delivery: { id: string };
};
type ActionBody = { event: SentEvent; at: number };

test("a dropped-in Hook and Action run in order after a reset and after an account change, with Auth0's event fields", async ({ page }) => {
  const removeHook = dropAction("post-change-password", "10-legacy-hook.js", HOOK);
  const removeAction = dropAction("post-change-password", "20-notify.js", ACTION);
  try {
    const { email } = await signUp(page);
    const before = { hook: (await receivedWebhooks("/hook/legacy", 0)).length, action: (await receivedWebhooks("/hook/action", 0)).length };

    // 1. The user's own change on /account.
    await page.getByLabel("Current password").fill(STRONG_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("Account-Change-71");
    await page.getByLabel("Confirm new password").fill("Account-Change-71");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

    // 2. A self-service reset.
    const mail = await requestReset(page, email);
    await followResetLink(page, mail.link);
    await chooseNewPassword(page, "Reset-Change-72");
    await expect(page).toHaveURL(/\/reset\/done$/);

    const hooks = (await receivedWebhooks("/hook/legacy", before.hook + 2)).slice(before.hook).map((h) => h.body as HookBody);
    const actions = (await receivedWebhooks("/hook/action", before.action + 2)).slice(before.action).map((h) => h.body as ActionBody);
    const mine = actions.filter((a) => a.event.user.email === email);
    expect(mine).toHaveLength(2);

    for (const action of mine) {
      const { event } = action;
      expect(event.user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
      expect(event.user.id).toBe(event.user.user_id.slice(6));
      expect(event.user.last_password_reset).toEqual(expect.any(String));
      expect(event.connection).toMatchObject({ name: "Username-Password-Authentication", strategy: "auth0" });
      expect(event.connection.id).toMatch(/^con_/);
      expect(event.request).toMatchObject({ ip: expect.any(String), method: expect.any(String), user_agent: expect.stringContaining("Chrome") });
      expect(event.request).not.toHaveProperty("body");
      expect(event.tenant.id).toEqual(expect.any(String));
      expect(event.secrets).toEqual(["WEBHOOK_BASE"]);
      expect(event.transaction.correlation_id).toBe(event.delivery.id);
      // The Hook of the same delivery ran first.
      const hook = hooks.find((h) => h.delivery.id === event.delivery.id);
      expect(hook, "the Hook ran for this delivery").toBeDefined();
      expect(hook!.at).toBeLessThanOrEqual(action.at);
      expect(hook!.user).toMatchObject({ id: event.user.id, email, last_password_reset: expect.any(String) });
      expect(hook!.connection).toMatchObject({ id: event.connection.id, name: event.connection.name, tenant: event.tenant.id });
    }
    expect(new Set(mine.map((a) => a.event.delivery.id)).size).toBe(2);
  } finally {
    removeHook();
    removeAction();
  }
});

test("an Action stuck in an endless loop does not stop the server from answering", async ({ page, request }) => {
  const removeLoop = dropAction(
    "post-change-password",
    "30-endless.js",
    `exports.rekey = { maxAttempts: 1 };
exports.onExecutePostChangePassword = async (event) => {
  await fetch(event.secrets.WEBHOOK_BASE + "/hook/loop-started", { method: "POST", body: "{}" });
  for (;;) {}
};`,
  );
  try {
    const before = (await receivedWebhooks("/hook/loop-started", 0)).length;
    await signUp(page);
    await page.getByLabel("Current password").fill(STRONG_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("Looping-Change-73");
    await page.getByLabel("Confirm new password").fill("Looping-Change-73");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
    await receivedWebhooks("/hook/loop-started", before + 1);

    // The loop is spinning in its sandbox now; pages and APIs keep answering.
    for (let i = 0; i < 5; i++) {
      expect((await request.get("/api/health")).status()).toBe(200);
      expect((await request.get("/login")).status()).toBe(200);
    }
  } finally {
    removeLoop();
  }
});
