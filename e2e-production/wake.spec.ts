import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { managementToken, startCluster, type Cluster } from "./fixtures/cluster";

// A request that commits a job wakes the in-process worker once its response has been sent
// (lib/jobs wakeWorkers, through Next's `after`). With the worker's poll set to a minute, only that
// wake can bring the notice email within the mailbox's 20 s wait: if `after` never ran its task
// (no request scope, no waitUntil in the custom server), the email would wait for the next poll.

let cluster: Cluster;

test.beforeAll(async () => {
  cluster = await startCluster({ name: "wake", servers: 1, workers: 0, postgres: false, basePort: 3700, env: { WORKER_POLL_MS: "60000" } });
});

test.afterAll(async () => {
  await cluster?.close();
});

test("a password change through the API wakes the in-process worker after its answer, long before the next poll", async () => {
  const url = cluster.servers[0]!.url!;
  const token = await managementToken(url);
  const api = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${url}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return (await response.json()) as { user_id: string };
  };
  const email = `wake-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const user = await api("POST", "/users", { connection: "Username-Password-Authentication", email, password: "Lantern-Quarry-4711" });
  const before = (await (await fetch(`${cluster.mailbox.apiUrl}/count`)).json()) as { count: number };

  await api("PATCH", `/users/${encodeURIComponent(user.user_id)}`, { connection: "Username-Password-Authentication", password: "Harbor-Meadow-0815" });

  const notice = await fetch(`${cluster.mailbox.apiUrl}/wait?${new URLSearchParams({ to: email, subject: "password was changed", after: String(before.count) })}`);
  expect(notice.status).toBe(200);
  const { mail } = (await notice.json()) as { mail: { to: string; subject: string } };
  expect(mail.subject).toBe("Your Rekey password was changed");
});
