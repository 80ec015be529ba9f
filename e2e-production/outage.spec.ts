import { expect, test } from "@playwright/test";
import { startCluster, freshDatabaseUrl, sqlClient, testDatabaseUrl, type Cluster } from "./fixtures/cluster";
import { startDatabaseLink } from "./fixtures/database-link";

// A production server whose database goes away and comes back (issue 11, item 14: "no unbranded
// error page anywhere"). Rekey reaches PostgreSQL through a link the test cuts. Ports 3750–3751.
const SERVER_PORT = 3750;
const LINK_PORT = 3751;

let cluster: Cluster;
let link: Awaited<ReturnType<typeof startDatabaseLink>>;
let schema: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const direct = new URL(testDatabaseUrl());
  link = await startDatabaseLink({ port: LINK_PORT, target: { host: direct.hostname, port: Number(direct.port || 5432) } });
  const database = freshDatabaseUrl("outage");
  schema = database.schema;
  const throughLink = new URL(database.url);
  throughLink.hostname = "127.0.0.1";
  throughLink.port = String(LINK_PORT);
  cluster = await startCluster({ name: "outage", servers: 1, workers: 0, basePort: SERVER_PORT, env: { DATABASE_URL: throughLink.href } });
});

test.afterAll(async () => {
  await cluster?.close();
  await link?.close();
  const admin = sqlClient(testDatabaseUrl());
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
});

/** What a person or a client must never see: a stack, a driver's words, Next's bare error page. */
function expectNoLeak(body: string) {
  expect(body).not.toMatch(/\n\s+at [\w.<>]+ \(|ECONNREFUSED|PrismaClient|prisma\.|node_modules|reach database/);
}

test("the database goes away: pages answer normally or with our own error page, forms and APIs say to try again, and all works again when it is back", async ({ page }) => {
  const base = cluster.servers[0]!.url;
  await page.goto(`${base}/login`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await link.cut();
  let errorPages = 0;
  for (const path of ["/login", "/reset", "/signup", "/account", "/authorize?client_id=x&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid"]) {
    const response = await page.goto(`${base}${path}`);
    const status = response?.status() ?? 0;
    expectNoLeak(await page.content());
    if (status === 200) continue;
    errorPages++;
    expect(status, `${path} during the outage`).toBeGreaterThanOrEqual(500);
    // The app's error page, or the OpenID Provider's (its own page, which names no way back: the app does).
    await expect(page.getByRole("heading", { name: /^(Something went wrong|Sign-in could not continue)$/ }), `${path} during the outage`).toBeVisible();
    await expect(page.getByText(/Please try again/)).toBeVisible();
  }
  expect(errorPages, "the pages that read the database").toBeGreaterThan(0);

  // A person who presses Sign in during the outage is told to try again, beside the form, typed input kept.
  await page.goto(`${base}/login`);
  await page.getByLabel("Email or username").fill("someone@example.com");
  await page.getByLabel("Password", { exact: true }).fill("Some-Password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#sign-in-error")).toContainText("Please try again");
  await expect(page.getByLabel("Email or username")).toHaveValue("someone@example.com");
  expectNoLeak(await page.content());

  const apis: Array<[string, RequestInit]> = [
    ["/api/health", {}],
    ["/dbconnections/change_password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "someone@example.com", connection: "Username-Password-Authentication" }) }],
    ["/oauth/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials", client_id: "suite-client", client_secret: "x", audience: `${base}/api/v2/` }) }],
    ["/api/v2/users", { headers: { authorization: "Bearer x.y.z" } }],
  ];
  for (const [path, init] of apis) {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    console.log("EXPLORE", path, response.status, response.headers.get("retry-after"), text.slice(0, 200));
    expectNoLeak(text);
  }

  await link.restore();
  await expect(async () => {
    const response = await page.goto(`${base}/reset`);
    expect(response?.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Send reset link" })).toBeVisible();
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
});
