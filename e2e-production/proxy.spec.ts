import { expect, test } from "@playwright/test";
// The table itself, not lib/security's index: that one opens the database client.
import { RATE_LIMIT_POLICIES } from "../lib/security/rate-limit-policies";
import { startBalancer, type Balancer } from "./fixtures/balancer";
import { startCluster, type Cluster } from "./fixtures/cluster";

// One production server behind the suite's load balancer, which appends the client's address to
// X-Forwarded-For as nginx's $proxy_add_x_forwarded_for does, and TRUST_PROXY=1 as the README
// says to set behind one such proxy. Ports 3850–3852 are this suite's.
const BASE_PORT = 3850;
const BALANCER_PORT = 3852;
const CONNECTION = "Username-Password-Authentication";

let cluster: Cluster;
let balancer: Balancer;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  balancer = await startBalancer({ port: BALANCER_PORT, backends: [`http://127.0.0.1:${BASE_PORT}`] });
  cluster = await startCluster({ name: "proxy", servers: 1, workers: 0, basePort: BASE_PORT, publicUrl: balancer.url, env: { TRUST_PROXY: "1" } });
});

test.afterAll(async () => {
  await cluster?.close();
  await balancer?.close();
});

let forgeries = 0;
/** A client-written X-Forwarded-For naming a fresh address each time (IPv4 and IPv6 alternately). */
function forgedForwardedFor(): string {
  forgeries++;
  return forgeries % 2 ? `198.51.${forgeries >> 8}.${forgeries & 255}` : `2001:db8:${forgeries.toString(16)}::1, 203.0.113.${forgeries & 255}`;
}

/** One wrong password through next-auth's credentials callback, with a forged X-Forwarded-For. */
async function wrongPassword(identifier: string): Promise<"allowed" | "refused"> {
  const forged = { "x-forwarded-for": forgedForwardedFor() };
  const csrf = await fetch(`${balancer.url}/api/auth/csrf`, { headers: forged });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(`${balancer.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...forged, "content-type": "application/x-www-form-urlencoded", cookie, origin: balancer.url },
    body: new URLSearchParams({ csrfToken, identifier, password: "Not-The-Password-1", json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  const error = new URL(url).searchParams.get("error") ?? "";
  // A refusal that says a catalog message carries it after a colon (lib/auth/sign-in-error.ts).
  expect(error, "a wrong password is refused either way").toMatch(/^(INVALID_CREDENTIALS|RATE_LIMITED)[:|]/);
  return error.startsWith("RATE_LIMITED") ? "refused" : "allowed";
}

/** One reset request for `email` (Auth0's endpoint, the same path as the /reset form), with a forged X-Forwarded-For. */
async function resetRequest(email: string): Promise<"allowed" | "refused"> {
  const response = await fetch(`${balancer.url}/dbconnections/change_password`, {
    method: "POST",
    headers: { "x-forwarded-for": forgedForwardedFor(), "content-type": "application/json" },
    body: JSON.stringify({ email, connection: CONNECTION }),
  });
  expect([200, 429]).toContain(response.status);
  return response.status === 429 ? "refused" : "allowed";
}

/** Makes `tries` attempts; the number that got through, and at which attempt the first was refused. */
async function attempts(tries: number, attempt: () => Promise<"allowed" | "refused">) {
  const outcomes: Array<"allowed" | "refused"> = [];
  for (let i = 0; i < tries; i++) outcomes.push(await attempt());
  return { allowed: outcomes.filter((o) => o === "allowed").length, firstRefused: outcomes.indexOf("refused") + 1 };
}

// Regression: with TRUST_PROXY=true the leftmost X-Forwarded-For entry, which the client writes,
// was the client: behind an appending proxy 45 sign-in tries and 40 reset requests all got through.
test("a fresh forged X-Forwarded-For on every request does not escape the per-IP limits behind an appending proxy", async () => {
  const signInBurst = RATE_LIMIT_POLICIES.signInPerAccountIp.burst;
  const resetBurst = RATE_LIMIT_POLICIES.resetRequestPerIpIdentifier.burst;

  const signIn = await attempts(45, () => wrongPassword("admin@example.com"));
  const reset = await attempts(40, () => resetRequest("admin@example.com"));
  console.log(`[proxy] forged X-Forwarded-For: sign-in ${signIn.allowed} of 45 checked, reset ${reset.allowed} of 40 accepted`);

  // Refused from the attempt after the burst; a minute's refill may let one more through on a slow run.
  expect(signIn.firstRefused).toBe(signInBurst + 1);
  expect(signIn.allowed).toBeLessThanOrEqual(signInBurst + 1);
  expect(reset.firstRefused).toBe(resetBurst + 1);
  expect(reset.allowed).toBeLessThanOrEqual(resetBurst + 1);
});
