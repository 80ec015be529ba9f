import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessibleInEveryMode } from "./fixtures/axe";
import { freePort, startRekeyServer } from "./fixtures/rekey-server";

// The suite's own server runs in production, where the dev mailbox is refused. This spec starts a
// second Rekey as `npm start` does on a laptop: no NODE_ENV, no SMTP_URL, so mail is kept in the
// dev mailbox, and HOST left at its loopback default. With TRUST_PROXY=1 the spec's requests can
// also arrive "through a proxy" from another machine's address, which the mailbox must refuse.
let rekey: Awaited<ReturnType<typeof startRekeyServer>>;
const dirs: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-dev-"));
  const actionsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-dev-actions-"));
  dirs.push(dataDir, actionsDir);
  rekey = await startRekeyServer({
    port: await freePort(),
    logName: "dev-mailbox-server.log",
    env: { DATA_DIR: dataDir, ACTIONS_DIR: actionsDir, TRUST_PROXY: "1", WORKER_POLL_MS: "100" },
  });
});

test.afterAll(async () => {
  await rekey?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test("a default start keeps mail in the dev mailbox, shown to this machine only", async ({ page, request }) => {
  await page.goto(`${rekey.url}/reset`);
  await page.getByLabel(/^Email/).fill("demo@example.com");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);

  const message = page.getByRole("link", { name: /Reset your/ });
  await expect(async () => {
    await page.goto(`${rekey.url}/dev/mailbox?to=demo%40example.com`);
    await expect(message).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectAccessibleInEveryMode(page);
  await message.first().click();
  await expect(page.getByRole("heading", { name: /Reset your/ })).toBeVisible();
  await expectAccessibleInEveryMode(page);
  const messagePath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Text" }).click();
  await expect(page.locator("pre")).toContainText("/reset/verify?ticket=");

  // Regression: the mailbox answered anyone who could reach the server, reset links included. A
  // client elsewhere gets the 404 of a path that does not exist, whatever it claims.
  const elsewhere: Array<Record<string, string>> = [
    { "x-forwarded-for": "203.0.113.9" },
    { "x-forwarded-for": "2001:db8::1" },
    { "x-forwarded-for": "127.0.0.1, 203.0.113.9" },
    { "x-forwarded-for": "203.0.113.9", "x-rekey-client-ip": "127.0.0.1" },
  ];
  for (const headers of elsewhere) {
    for (const target of ["/dev/mailbox", "/dev/mailbox?to=demo%40example.com", messagePath, `${messagePath}?view=text`]) {
      const response = await request.get(`${rekey.url}${target}`, { headers });
      expect(response.status(), `${target} from ${JSON.stringify(headers)}`).toBe(404);
      expect(await response.text()).not.toContain("demo@example.com");
    }
  }
  expect((await request.get(`${rekey.url}/dev/mailbox`)).status()).toBe(200);
});

// Regression: /dev/mailbox?to=%00 sent the NUL to PostgreSQL and answered 500.
test("a recipient filter with control characters is a 404, not a 500", async ({ request }) => {
  for (const to of ["%00", "a%07b%40example.com", "x".repeat(300)]) {
    expect((await request.get(`${rekey.url}/dev/mailbox?to=${to}`)).status(), to).toBe(404);
  }
});
