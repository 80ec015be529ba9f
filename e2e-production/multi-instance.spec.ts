import { expect, test, type Page } from "@playwright/test";
import { addSecurityKey, openSecurityPage } from "../e2e/fixtures/factors";
import { chooseNewPassword, followResetLink, requestReset } from "../e2e/fixtures/reset";
import { signIn, signUp, STRONG_PASSWORD, uniqueEmail } from "../e2e/fixtures/users";
import { addVirtualAuthenticator } from "../e2e/fixtures/virtual-authenticator";
// The table itself, not lib/security's index: that one opens the database client.
import { RATE_LIMIT_POLICIES } from "../lib/security/rate-limit-policies";
import { startBalancer, type Balancer } from "./fixtures/balancer";
import { managementToken, startCluster, type Cluster } from "./fixtures/cluster";

// Two production servers (A, B) and two workers on one PostgreSQL schema, behind a load balancer
// that is the public URL and sends each request where the test says. Ports 3500–3509 are this
// suite's: the servers on 3500 and 3501, the balancer on 3502.
const BASE_PORT = 3500;
const BALANCER_PORT = 3502;
const A = 0;
const B = 1;
const NAMES = ["A", "B"];
const CONNECTION = "Username-Password-Authentication";

test.describe.configure({ mode: "serial" });
test.use({ baseURL: `http://localhost:${BALANCER_PORT}` });

let cluster: Cluster;
let balancer: Balancer;

test.beforeAll(async () => {
  balancer = await startBalancer({ port: BALANCER_PORT, backends: [`http://127.0.0.1:${BASE_PORT}`, `http://127.0.0.1:${BASE_PORT + 1}`] });
  // TRUST_PROXY=1: the client is the address the balancer appended to X-Forwarded-For.
  cluster = await startCluster({ name: "multi", servers: 2, workers: 2, basePort: BASE_PORT, publicUrl: balancer.url, env: { TRUST_PROXY: "1" } });
  // The journey fixtures of e2e/ read the mailbox API from here (e2e/global-setup.ts sets it there).
  process.env.E2E_MAILBOX_API = cluster.mailbox.apiUrl;
});

test.afterAll(async () => {
  await cluster?.close();
  await balancer?.close();
});

/**
 * Asserts that the balancer passed each expected request (method and path, any query) after
 * `mark`, and only to the backend named: the step really ran on that instance.
 */
function expectServed(mark: number, expected: Array<[method: string, path: string, backend: number]>) {
  const seen = balancer.since(mark).map((f) => ({ ...f, pathname: new URL(f.path, "http://x").pathname }));
  for (const [method, path, backend] of expected) {
    const hits = seen.filter((f) => f.method === method && f.pathname === path);
    expect(hits.length, `${method} ${path} reached the balancer`).toBeGreaterThan(0);
    expect(hits.map((f) => NAMES[f.backend]), `${method} ${path} served by ${NAMES[backend]}`).toEqual(hits.map(() => NAMES[backend]));
  }
}

// The post-challenge Action of the journey: first the external verifier, then, back at /continue,
// the security key. Named `<n>-verify.js` so the verifier's URL and secret reach it (the cluster
// scopes ACTION_SECRET_VERIFIER_*__VERIFY to this file).
const VERIFY_THEN_KEY = `
exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { purpose: "verify" } });
  api.redirect.sendUserTo(event.secrets.VERIFIER_URL + "/verify", { query: { session_token: token } });
};

exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
  if (!payload.verified) return api.access.deny("The verifier did not confirm it was you.");
  api.authentication.challengeWith({ type: "webauthn-roaming" });
};
`;

test("a reset started on A goes on on B at every step: link, verifier's /continue, security key, new password", async ({ page }) => {
  const removeAction = cluster.dropAction("password-reset-post-challenge", "10-verify.js", VERIFY_THEN_KEY);
  try {
    // Enrolling the key is a WebAuthn ceremony across instances too: options from A, verified by B.
    balancer.use(A);
    const { email } = await signUp(page);
    await openSecurityPage(page, STRONG_PASSWORD);
    const key = await addVirtualAuthenticator(page);
    balancer.route(({ path }) => (path.startsWith("/account/security/webauthn/verify") ? B : A));
    let mark = balancer.mark();
    await addSecurityKey(page, "Desk key");
    expect(await key.credentials()).toHaveLength(1);
    expectServed(mark, [
      ["POST", "/account/security/webauthn/options", A],
      ["POST", "/account/security/webauthn/verify", B],
    ]);
    balancer.use(A);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    // 1. The request, on A. The link points at the balancer, not at an instance.
    mark = balancer.mark();
    const mail = await requestReset(page, email);
    expect(mail.link.startsWith(`${balancer.url}/reset/verify?ticket=`)).toBe(true);
    expectServed(mark, [["POST", "/reset", A]]);

    // 2. The link, on B: B consumes it and runs the Action, which sends the browser to the verifier.
    balancer.use(B);
    mark = balancer.mark();
    await followResetLink(page, mail.link);
    await expect(page.getByRole("heading", { name: "Verify it is you" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(cluster.verifier.base);
    expectServed(mark, [
      ["GET", "/reset/verify", B],
      ["POST", "/reset/verify/confirm", B],
    ]);

    // 3. The verifier's return to /continue, on A (which resumes the Action B started); the
    //    challenge page it leads to, on B.
    balancer.route(({ path }) => (path.startsWith("/continue") ? A : B));
    mark = balancer.mark();
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Use your security key" })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/reset/challenge");
    expectServed(mark, [
      ["GET", "/continue", A],
      ["GET", "/reset/challenge", B],
    ]);

    // 4. The security key: A issues the WebAuthn challenge, B checks the signed answer; the
    //    new-password page comes from A.
    balancer.route(({ path }) => (path.startsWith("/reset/challenge/verify") ? B : A));
    mark = balancer.mark();
    await page.getByRole("button", { name: "Use security key" }).click();
    await expect(page).toHaveURL(/\/reset\/password$/);
    await expect(page.getByLabel("New password", { exact: true })).toBeVisible();
    expectServed(mark, [
      ["POST", "/reset/challenge/start", A],
      ["POST", "/reset/challenge/verify", B],
      ["GET", "/reset/password", A],
    ]);

    // 5. The new password, saved by B.
    balancer.use(B);
    mark = balancer.mark();
    await chooseNewPassword(page, "Across-Instances-77");
    await expect(page).toHaveURL(/\/reset\/done$/);
    expectServed(mark, [["POST", "/reset/password", B]]);

    // 6. A signs in with it; the old password is refused on B.
    balancer.use(B);
    await signIn(page, email, STRONG_PASSWORD);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password");
    balancer.use(A);
    await signIn(page, email, "Across-Instances-77");
    // The account has a security key, so sign-in asks for it (the MFA policy "when enrolled").
    await expect(page).toHaveURL(/\/login\/verify/);
    await page.getByRole("button", { name: "Use security key" }).click();
    await expect(page).toHaveURL(/\/account$/);

    // Both halves of the Action ran, once each (onExecute on B, onContinue on A, as recorded above).
    const executions = await cluster.sql().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM action_executions e JOIN reset_flows f ON f.id = e.delivery_id
       JOIN users u ON u.id = f.user_id WHERE u.email = $1 AND e.action_name = '10-verify.js' AND e.status = 'succeeded'`,
      [email],
    );
    expect(executions[0]!.n).toBe(2);
    await key.remove();
  } finally {
    removeAction();
    balancer.use(A);
  }
});

/**
 * Makes attempts until one is refused, attempt i on instance backendFor(i), checking that the
 * attempt's request (`method path`) was served there; returns each outcome and its instance.
 */
async function untilRefused(
  max: number,
  backendFor: (i: number) => number,
  [method, path]: [string, string],
  attempt: () => Promise<"allowed" | "refused">,
) {
  const outcomes: Array<{ outcome: "allowed" | "refused"; on: string }> = [];
  for (let i = 0; i < max; i++) {
    balancer.use(backendFor(i));
    const mark = balancer.mark();
    const outcome = await attempt();
    expectServed(mark, [[method, path, backendFor(i)]]);
    outcomes.push({ outcome, on: NAMES[backendFor(i)]! });
    if (outcome === "refused") break;
  }
  return outcomes;
}

/** One wrong password typed into the sign-in form; whether it was checked or refused by the limit. */
async function wrongPassword(page: Page, identifier: string): Promise<"allowed" | "refused"> {
  await page.getByLabel("Email or username").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill("Not-The-Password-1");
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/auth/callback/credentials");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText(/Wrong email or password|Too many sign-in attempts/);
  return /Too many/.test(await alert.innerText()) ? "refused" : "allowed";
}

test("rate limits are shared: reset requests and sign-in attempts are refused after the same number, on one instance or alternating", async ({ page }) => {
  const resetBurst = RATE_LIMIT_POLICIES.resetRequestPerIpIdentifier.burst;
  const signInBurst = RATE_LIMIT_POLICIES.signInPerAccountIp.burst;
  const expected = (burst: number) => [...Array.from({ length: burst }, () => "allowed"), "refused"];

  // Reset requests for one address (Auth0's endpoint, the same path as the /reset form).
  const resetRequest = (email: string) => async () => {
    const response = await fetch(`${balancer.url}/dbconnections/change_password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, connection: CONNECTION }),
    });
    expect([200, 429]).toContain(response.status);
    return response.status === 429 ? "refused" : "allowed";
  };
  const resetPath: [string, string] = ["POST", "/dbconnections/change_password"];
  const resetOnA = await untilRefused(resetBurst + 5, () => A, resetPath, resetRequest(uniqueEmail("limit-one")));
  const resetAlternating = await untilRefused(resetBurst + 5, (i) => (i % 2 === 0 ? A : B), resetPath, resetRequest(uniqueEmail("limit-both")));
  expect(resetOnA.map((o) => o.outcome)).toEqual(expected(resetBurst));
  expect(resetAlternating.map((o) => o.outcome)).toEqual(expected(resetBurst));

  // Wrong passwords for one account in the sign-in form.
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Unknown and known accounts are limited alike (the key is what was typed): one of each.
  const nobody = uniqueEmail("nobody");
  const signInPath: [string, string] = ["POST", "/api/auth/callback/credentials"];
  const signInOnA = await untilRefused(signInBurst + 5, () => A, signInPath, () => wrongPassword(page, nobody));
  const signInAlternating = await untilRefused(signInBurst + 5, (i) => (i % 2 === 0 ? B : A), signInPath, () => wrongPassword(page, email));
  expect(signInOnA.map((o) => o.outcome)).toEqual(expected(signInBurst));
  expect(signInAlternating.map((o) => o.outcome)).toEqual(expected(signInBurst));
  // Even the right password is refused now, on either instance: the limit is the database's, not a process's.
  for (const backend of [A, B]) {
    balancer.use(backend);
    await signIn(page, email, STRONG_PASSWORD);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many sign-in attempts");
  }
  balancer.use(A);
  console.log(
    `[multi] limits: reset requests refused at attempt ${resetOnA.length} on A alone and ${resetAlternating.length} alternating; ` +
      `sign-in at ${signInOnA.length} on A alone and ${signInAlternating.length} alternating (${signInAlternating.map((o) => o.on).join("")})`,
  );
});

const LANES = 20;
const CHANGES_PER_LANE = 50;

const postChangeAction = (name: string, work: string) => `
exports.onExecutePostChangePassword = async (event, api) => {
  ${work}
  console.log("${name} for " + event.user.user_id + " in delivery " + event.delivery.id);
};
`;

test("1,000 password changes over both instances: each post-change Action succeeds exactly once per change, no delivery is run twice at once", async () => {
  const sql = cluster.sql();
  const removers = [
    cluster.dropAction("post-change-password", "10-audit.js", postChangeAction("audit", "")),
    cluster.dropAction("post-change-password", "20-notify.js", postChangeAction("notify", "await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20)));")),
  ];
  try {
    const token = await managementToken(cluster.servers[A]!.url!, balancer.url);
    const api = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${balancer.url}/api/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as { user_id: string };
    };

    balancer.roundRobin();
    const run = Math.random().toString(36).slice(2, 8);
    const users = await Promise.all(
      Array.from({ length: LANES }, (_, lane) =>
        api("POST", "/users", { connection: CONNECTION, email: `cluster-${run}-${lane}@example.com`, password: `Orbit-${lane}.start-Kestrel` }),
      ),
    );
    const userIds = users.map((u) => u.user_id.replace(/^auth0\|/, ""));

    // The workers stop (gracefully) while the changes are made, so that the deliveries queue up
    // and both workers then race for the same rows at every claim: with workers keeping pace
    // with the changes, each poll would find a job or two and a double claim could go unseen.
    await Promise.all(cluster.workers.map((w) => w.kill("SIGTERM")));

    // Each lane changes its user's password again and again; the lanes run side by side and the
    // balancer alternates every request between A and B.
    const mark = balancer.mark();
    const started = performance.now();
    await Promise.all(
      users.map(async (user, lane) => {
        for (let n = 0; n < CHANGES_PER_LANE; n++) {
          await api("PATCH", `/users/${encodeURIComponent(user.user_id)}`, { connection: CONNECTION, password: `Orbit-${lane}.${n}-Kestrel` });
        }
      }),
    );
    const changesDone = performance.now();
    const patches = balancer.since(mark).filter((f) => f.method === "PATCH");
    expect(patches).toHaveLength(LANES * CHANGES_PER_LANE);
    expect(patches.filter((f) => f.backend === A)).toHaveLength((LANES * CHANGES_PER_LANE) / 2);
    expect(patches.every((f) => f.status === 200)).toBe(true);

    // Both workers start together and drain the queue: poll the database until no delivery is
    // left, with a deadline.
    const counts = () =>
      sql.query<{ total: number; open: number; dead: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('pending', 'running'))::int AS open,
                count(*) FILTER (WHERE status = 'dead')::int AS dead
         FROM jobs WHERE type = 'password.changed.deliver' AND payload->>'userId' = ANY($1)`,
        [userIds],
      );
    expect((await counts())[0]).toEqual({ total: LANES * CHANGES_PER_LANE, open: LANES * CHANGES_PER_LANE, dead: 0 });
    const drainStarted = performance.now();
    cluster.workers.forEach((_, i) => cluster.restartWorker(i));
    await expect
      .poll(async () => (await counts())[0]!.open, { message: "deliveries still pending or running", timeout: 300_000, intervals: [250] })
      .toBe(0);
    const drained = performance.now();
    expect((await counts())[0]).toEqual({ total: LANES * CHANGES_PER_LANE, open: 0, dead: 0 });

    const jobIds = (
      await sql.query<{ id: string }>(`SELECT id FROM jobs WHERE type = 'password.changed.deliver' AND payload->>'userId' = ANY($1)`, [userIds])
    ).map((j) => j.id);
    expect(jobIds).toHaveLength(LANES * CHANGES_PER_LANE);

    // Exactly one execution per Action per change, and it succeeded.
    const perAction = await sql.query<{ action_name: string; executions: number; succeeded: number; deliveries: number }>(
      `SELECT action_name, count(*)::int AS executions, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(DISTINCT delivery_id)::int AS deliveries
       FROM action_executions WHERE trigger = 'post-change-password' AND delivery_id = ANY($1)
       GROUP BY action_name ORDER BY action_name`,
      [jobIds],
    );
    const all = LANES * CHANGES_PER_LANE;
    expect(perAction).toEqual([
      { action_name: "10-audit.js", executions: all, succeeded: all, deliveries: all },
      { action_name: "20-notify.js", executions: all, succeeded: all, deliveries: all },
    ]);

    // No job was held by two attempts at once, and each ended with exactly one successful attempt.
    const [overlaps] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM job_attempts a JOIN job_attempts b ON a.job_id = b.job_id AND a.id < b.id
       WHERE a.job_id = ANY($1)
         AND tstzrange(a.started_at, COALESCE(a.ended_at, 'infinity'), '[)') && tstzrange(b.started_at, COALESCE(b.ended_at, 'infinity'), '[)')`,
      [jobIds],
    );
    expect(overlaps!.n).toBe(0);
    const attempts = await sql.query<{ attempts: number; jobs: number }>(
      `SELECT attempts, count(*)::int AS jobs FROM (
         SELECT job_id, count(*)::int AS attempts, count(*) FILTER (WHERE outcome = 'succeeded') AS succeeded
         FROM job_attempts WHERE job_id = ANY($1) GROUP BY job_id HAVING count(*) FILTER (WHERE outcome = 'succeeded') = 1
       ) per_job GROUP BY attempts ORDER BY attempts`,
      [jobIds],
    );
    expect(attempts.reduce((sum, a) => sum + a.jobs, 0)).toBe(all);

    // Every execution ran inside an attempt of its own delivery, by the one worker holding it then.
    const byWorker = await sql.query<{ worker_id: string | null; executions: number; deliveries: number; outside: number; first: Date; last: Date }>(
      `SELECT a.worker_id, count(*)::int AS executions, count(DISTINCT e.delivery_id)::int AS deliveries,
              min(a.started_at) AS first, max(a.ended_at) AS last,
              count(*) FILTER (WHERE a.id IS NULL OR e.started_at < a.started_at OR e.ended_at > a.ended_at)::int AS outside
       FROM action_executions e LEFT JOIN job_attempts a ON a.job_id = e.delivery_id AND a.attempt = e.attempt
       WHERE e.delivery_id = ANY($1) GROUP BY a.worker_id ORDER BY a.worker_id`,
      [jobIds],
    );
    expect(byWorker.map((w) => w.outside)).toEqual(byWorker.map(() => 0));
    expect(byWorker.every((w) => w.worker_id !== null)).toBe(true);
    // Both workers took part, side by side: they raced for the same queue.
    expect(byWorker).toHaveLength(2);
    expect(byWorker.every((w) => w.executions > 0)).toBe(true);
    const [one, other] = byWorker as [(typeof byWorker)[number], (typeof byWorker)[number]];
    expect(one.first < other.last && other.first < one.last, "the two workers' busy periods overlap").toBe(true);

    const workerName = (id: string | null) => {
      const i = cluster.workers.findIndex((w) => id?.split(":")[1] === String(w.child.pid));
      return i >= 0 ? `worker-${i}` : String(id);
    };
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `[multi] ${all} password changes in ${seconds(changesDone - started)} s (${(all / ((changesDone - started) / 1000)).toFixed(0)} changes/s, ` +
        `${LANES} lanes, ${patches.filter((f) => f.backend === A).length} on A, ${patches.filter((f) => f.backend === B).length} on B); ` +
        `${all} queued deliveries drained by 2 workers in ${seconds(drained - drainStarted)} s (${(all / ((drained - drainStarted) / 1000)).toFixed(0)} deliveries/s, workers' start-up included); ` +
        `executions (deliveries) per worker: ${byWorker.map((w) => `${workerName(w.worker_id)} ${w.executions} (${w.deliveries})`).join(", ")}; ` +
        `attempts per delivery: ${attempts.map((a) => `${a.attempts} × ${a.jobs}`).join(", ")}`,
    );
  } finally {
    for (const remove of removers) remove();
    balancer.use(A);
  }
});
