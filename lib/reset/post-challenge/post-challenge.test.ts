import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { shutdownSandbox } from "@/lib/actions";
import { maskEmail } from "@/lib/factors";
import { lastCodeTo } from "@/lib/factors/testing/fixtures";
import { createUser, defaultConnection } from "@/lib/users";
import { hashToken } from "@/lib/security";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { advanceFlow } from "../advance";
import { completePasswordReset } from "../complete";
import { encodeResetCookie, newBindingSecret } from "../cookie";
import { loadBoundFlow, loadFlow } from "../load-flow";
import { transitionFlow } from "../transition";
import { newRedirectState } from "./redirect-state";
import { passFactor } from "../pass-factor";
import { progressOf, reloadFlow } from "../testing/fixtures";
import { readFlow } from "../flow";
import { loadFactorStep, startFactorStep, verifyFactorCode } from "../factor-step";
import { continuePostChallenge, returnToRedirectSite, SECURE_DEFAULT_ACTION, waitingSiteOf } from ".";

const { signHs256 } = createRequire(import.meta.url)("../../actions/sandbox/worker/jwt.cjs") as { signHs256: (payload: object, secret: string) => string };

const PASSWORD = "Original-Pass-31";
const VERIFIER_SECRET = "verifier-shared-secret-0001";
let root: string;
let dir: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-post-challenge-"));
  dir = path.join(root, "password-reset-post-challenge");
  fs.mkdirSync(dir);
  process.env.ACTION_SECRET_VERIFIER_SECRET = VERIFIER_SECRET;
  overrideConfig({ ACTIONS_DIR: root });
});
afterAll(async () => {
  await shutdownSandbox();
  delete process.env.ACTION_SECRET_VERIFIER_SECRET;
  overrideConfig({});
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name));
  overrideConfig({ ACTIONS_DIR: root });
});

function action(name: string, source: string) {
  fs.writeFileSync(path.join(dir, name), source);
}

async function newUser(factors: Array<{ type: string; confirmed?: boolean }> = []) {
  const email = `pc${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUser({ email, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
  const db = await prisma();
  for (const f of factors) {
    await db.factor.create({ data: { userId: user.id, type: f.type, name: f.type, confirmedAt: f.confirmed === false ? null : new Date() } });
  }
  return { ...user, email };
}

/** A flow whose first challenge just passed in this browser, as consumeResetTicket leaves it. */
async function verifiedFlow(userId: string, extra: { clientId?: string } = {}) {
  const db = await prisma();
  const binding = newBindingSecret();
  const { email } = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const flow = await db.resetFlow.create({
    data: {
      userId,
      connectionId: (await defaultConnection()).id,
      identifier: "someone",
      sentTo: email,
      state: "link_verified",
      requesterHash: binding.hash,
      bindingHash: binding.hash,
      ticketConsumedAt: new Date(),
      expiresAt: new Date(Date.now() + 15 * 60_000),
      ...extra,
    },
  });
  return { flow: readFlow(flow), cookie: encodeResetCookie({ flowId: flow.id, secret: binding.secret }) };
}

const reload = reloadFlow;

async function executions(flowId: string) {
  const db = await prisma();
  return db.actionExecution.findMany({ where: { deliveryId: flowId }, orderBy: { startedAt: "asc" } });
}

async function passwordVersion(userId: string) {
  const db = await prisma();
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordVersion;
}

/** An Action that records that it ran (and with which event) in its console output. */
const RECORDER = `exports.onExecutePostChallenge = async (event) => { console.log(JSON.stringify({ ran: true, methods: event.authentication.methods })); };`;

describe.each(testDatabaseKinds())("post-challenge Actions in a reset on %s", (kind) => {
  useTestDatabase(kind);

  it("with no Action and no second factor, goes straight on to the new password", async () => {
    const user = await newUser([{ type: "email" }]);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/password");
    expect((await reload(flow.id)).state).toBe("password_allowed");
  });

  it("deny: stops at that Action, shows the reason, logs fcp, changes nothing else", async () => {
    const user = await newUser();
    const version = await passwordVersion(user.id);
    action("10-deny.js", `exports.onExecutePostChallenge = async (event, api) => { api.access.deny("Resets are locked for " + event.user.email); api.redirect.sendUserTo("https://x.example"); };`);
    action("20-after.js", RECORDER);
    const { flow, cookie } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_DENIED");

    const row = await reload(flow.id);
    expect(row).toMatchObject({ state: "denied", reason: `Resets are locked for ${user.email}` });
    expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-deny.js"]);
    await expect(loadBoundFlow(cookie)).rejects.toMatchObject({ code: "RESET_DENIED", message: `Resets are locked for ${user.email}` });
    const db = await prisma();
    expect(await db.logEvent.findFirst({ where: { userId: user.id, type: "fcp" } })).toMatchObject({ description: `Denied by Action 10-deny.js: Resets are locked for ${user.email}` });
    expect(await passwordVersion(user.id)).toBe(version);
  });

  it("a throw fails closed: RESET_FAILED, the error and console output in the tenant log", async () => {
    const user = await newUser();
    action("10-throws.js", `exports.onExecutePostChallenge = async () => { console.log("checking risk"); throw new Error("risk service down"); };`);
    action("20-after.js", RECORDER);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_FAILED");
    expect((await reload(flow.id)).state).toBe("denied");
    const [execution, ...rest] = await executions(flow.id);
    expect(rest).toEqual([]);
    expect(execution).toMatchObject({ status: "failed", error: "throw: risk service down", logs: "checking risk", trigger: "password-reset-post-challenge" });
    const db = await prisma();
    const log = await db.logEvent.findFirstOrThrow({ where: { userId: user.id, type: "actions_execution_failed" } });
    expect(log.description).toBe("Action 10-throws.js (onExecutePostChallenge) failed: risk service down");
    expect(log.details).toMatchObject({ action: "10-throws.js", error: "throw: risk service down", logs: "checking risk", flowId: flow.id });
  });

  it("an endless loop is stopped at ACTION_TIMEOUT_MS and fails closed", async () => {
    overrideConfig({ ACTIONS_DIR: root, ACTION_TIMEOUT_MS: "300" });
    const user = await newUser();
    action("10-loop.js", `exports.onExecutePostChallenge = async () => { for (;;) {} };`);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_FAILED");
    const [execution] = await executions(flow.id);
    expect(execution).toMatchObject({ status: "failed", error: expect.stringMatching(/^timeout: The execution did not finish within 300 ms/) });
    const db = await prisma();
    expect((await db.logEvent.findFirstOrThrow({ where: { userId: user.id, type: "actions_execution_failed" } })).description).toMatch(/timed out/);
  });

  it("a file that does not load fails every reset closed, before any Action runs", async () => {
    const user = await newUser();
    action("10-fine.js", RECORDER);
    action("20-broken.js", `exports.onExecutePostChallenge = async () => {`);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_FAILED");
    expect(await executions(flow.id)).toEqual([]);
    expect((await reload(flow.id)).state).toBe("denied");
  });

  it("unreadable api use (prompt.render, redirect plus challenge in one execution) fails closed", async () => {
    const user = await newUser([{ type: "otp" }]);
    action("10-render.js", `exports.onExecutePostChallenge = async (event, api) => { api.prompt.render("p1"); };`);
    const first = await verifiedFlow(user.id);
    expect(await advanceFlow(first.flow, testRequestContext())).toBe("/reset/error?code=RESET_FAILED");
    fs.rmSync(path.join(dir, "10-render.js"));
    action("10-both.js", `exports.onExecutePostChallenge = async (event, api) => { api.redirect.sendUserTo("https://x.example"); api.authentication.challengeWith({ type: "otp" }); };`);
    const second = await verifiedFlow(user.id);
    expect(await advanceFlow(second.flow, testRequestContext())).toBe("/reset/error?code=RESET_FAILED");
    const db = await prisma();
    const logs = await db.logEvent.findMany({ where: { userId: user.id, type: "actions_execution_failed" }, orderBy: { date: "asc" } });
    expect(logs.map((l) => l.description)).toEqual([
      expect.stringContaining("api.prompt.render is not supported by Rekey"),
      expect.stringContaining("called both api.redirect.sendUserTo and api.authentication.challengeWith"),
    ]);
  });

  it("a challenge keeps only enabled, enrolled factors; later Actions wait until one is passed; none runs twice", async () => {
    const user = await newUser([{ type: "otp" }, { type: "webauthn-roaming" }, { type: "phone", confirmed: false }]);
    action(
      "10-step-up.js",
      `exports.onExecutePostChallenge = async (event, api) => {
        api.authentication.challengeWith({ type: "phone" }, { additionalFactors: [{ type: "otp" }, { type: "sms" }, { type: "webauthn-roaming" }, { type: "recovery-code" }] });
      };`,
    );
    action("20-after.js", RECORDER);
    action(
      "30-again.js",
      `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWithAny([{ type: "otp" }]); };`,
    );
    const { flow, cookie } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/challenge");
    const waiting = await reload(flow.id);
    expect(waiting.state).toBe("awaiting_factor");
    expect(progressOf(waiting)).toMatchObject({
      done: ["10-step-up.js"],
      challenge: { mode: "challengeWith", factors: ["otp", "webauthn-roaming"], action: "10-step-up.js" },
    });
    expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-step-up.js"]);

    await expect(passFactor(await loadBoundFlow(cookie), "phone", testRequestContext())).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
    // otp passed: 20 runs and sees it as an mfa method; 30 asks for otp again, already passed, so it is satisfied.
    expect(await passFactor(await loadBoundFlow(cookie), "otp", testRequestContext())).toBe("/reset/password");
    const runs = await executions(flow.id);
    expect(runs.map((e) => e.actionName)).toEqual(["10-step-up.js", "20-after.js", "30-again.js"]);
    const recorded = JSON.parse(runs[1]!.logs) as { methods: Array<{ name: string; type?: string }> };
    expect(recorded.methods.map((m) => [m.name, m.type])).toEqual([
      ["email", undefined],
      ["mfa", "otp"],
    ]);
    expect(progressOf(await reload(flow.id))).toMatchObject({ done: ["10-step-up.js", "20-after.js", "30-again.js"], passed: [{ type: "otp" }] });
  });

  it("a challenge with no usable factor fails the reset (RESET_NO_FACTOR) and logs why", async () => {
    const user = await newUser([{ type: "otp", confirmed: false }]);
    action("10-roaming.js", `exports.onExecutePostChallenge = async (event, api) => { api.authentication.challengeWithAny([{ type: "webauthn-roaming" }, { type: "otp" }]); };`);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_NO_FACTOR");
    expect((await reload(flow.id)).state).toBe("denied");
    const db = await prisma();
    expect((await db.logEvent.findFirstOrThrow({ where: { userId: user.id, type: "fcp" } })).description).toBe(
      "No usable factor for Action 10-roaming.js: it asked for webauthn-roaming, otp; the user has none.",
    );
  });

  describe("redirect and /continue", () => {
    const REDIRECTER = `
      exports.onExecutePostChallenge = async (event, api) => {
        const token = api.redirect.encodeToken({ secret: event.secrets.VERIFIER_SECRET, payload: { step: "verify" } });
        api.redirect.sendUserTo("https://verifier.example/start?lang=en", { query: { session_token: token } });
      };
      exports.onContinuePostChallenge = async (event, api) => {
        const payload = api.redirect.validateToken({ secret: event.secrets.VERIFIER_SECRET });
        console.log(JSON.stringify({ verified: payload.verified, query: event.request.query, body: event.request.body, method: event.request.method }));
        if (!payload.verified) api.access.deny("The verifier said no.");
      };`;

    async function redirected(user: { id: string }) {
      action("10-verify.js", REDIRECTER);
      action("20-after.js", RECORDER);
      const started = await verifiedFlow(user.id);
      const to = new URL(await advanceFlow(started.flow, testRequestContext()));
      return { ...started, to, state: to.searchParams.get("state")! };
    }

    const back = (state: string, claims: Record<string, unknown>, user: { id: string }) => ({
      query: { state, session_token: signHs256({ sub: `auth0|${user.id}`, state, exp: Math.floor(Date.now() / 1000) + 60, ...claims }, VERIFIER_SECRET) },
      body: {},
    });

    it("suspends with a single-use state on the URL (only its hash is kept), then resumes the same Action and the next", async () => {
      const user = await newUser();
      const { flow, cookie, to, state } = await redirected(user);
      expect(`${to.origin}${to.pathname}`).toBe("https://verifier.example/start");
      expect(to.searchParams.get("lang")).toBe("en");
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const waiting = await reload(flow.id);
      expect(waiting.state).toBe("awaiting_redirect");
      expect(progressOf(waiting).redirect).toMatchObject({ action: "10-verify.js", stateHash: hashToken(state) });
      expect(JSON.stringify(waiting)).not.toContain(state);
      // The token the Action sent out carries the standard claims, and no state (it did not exist yet).
      const sent = JSON.parse(Buffer.from(to.searchParams.get("session_token")!.split(".")[1]!, "base64url").toString());
      expect(sent).toMatchObject({ sub: `auth0|${user.id}`, iss: "localhost", step: "verify" });
      expect(sent).not.toHaveProperty("state");

      const ctx = testRequestContext({ method: "GET" });
      const params = back(state, { verified: true }, user);
      expect(await continuePostChallenge({ cookieValue: cookie, params, ctx })).toEqual({ next: "/reset/password" });
      const runs = await executions(flow.id);
      expect(runs.map((e) => e.actionName)).toEqual(["10-verify.js", "10-verify.js", "20-after.js"]);
      expect(JSON.parse(runs[1]!.logs)).toEqual({ verified: true, query: params.query, body: {}, method: "GET" });
      expect((await reload(flow.id)).state).toBe("password_allowed");

      // Replayed: refused, and the flow stays where it is.
      await expect(continuePostChallenge({ cookieValue: cookie, params, ctx })).rejects.toMatchObject({ code: "RESET_CONTINUE_INVALID" });
      expect((await reload(flow.id)).state).toBe("password_allowed");
      expect(await executions(flow.id)).toHaveLength(3);
    });

    it("tampered, missing, other-browser and expired states are refused and change nothing", async () => {
      const user = await newUser();
      const { flow, cookie, state } = await redirected(user);
      const ctx = testRequestContext();
      const tampered = `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`;
      const otherBrowser = encodeResetCookie({ flowId: flow.id, secret: "B".repeat(43) });
      const cases: Array<[string | undefined, { query: Record<string, unknown>; body: Record<string, unknown> }, string]> = [
        [cookie, back(tampered, { verified: true }, user), "RESET_CONTINUE_INVALID"],
        [cookie, { query: {}, body: {} }, "RESET_CONTINUE_INVALID"],
        [cookie, { query: { state: ["a", "b"] }, body: {} }, "RESET_CONTINUE_INVALID"],
        [cookie, { query: { state: "😀".repeat(43) }, body: {} }, "RESET_CONTINUE_INVALID"],
        [otherBrowser, back(state, { verified: true }, user), "RESET_WRONG_BROWSER"],
        [undefined, back(state, { verified: true }, user), "RESET_NOT_FOUND"],
      ];
      for (const [cookieValue, params, code] of cases) {
        await expect(continuePostChallenge({ cookieValue, params, ctx })).rejects.toMatchObject({ code });
      }
      const db = await prisma();
      expect(await db.logEvent.count({ where: { userId: user.id, type: "fcp", description: "Wrong state on /continue" } })).toBe(1);
      const unchanged = await reload(flow.id);
      expect(unchanged.state).toBe("awaiting_redirect");
      expect(progressOf(unchanged).redirect?.stateHash).toBe(hashToken(state));

      // Past its expiry, the right state is refused too, and still changes nothing: not the flow,
      // not the password (the e2e journey that waited the expiry out in a browser moved here).
      const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      const progress = progressOf(unchanged);
      await db.resetFlow.update({ where: { id: flow.id }, data: { progress: { ...progress, redirect: { ...progress.redirect!, expiresAt: new Date(Date.now() - 1000).toISOString() } } } });
      await expect(continuePostChallenge({ cookieValue: cookie, params: back(state, { verified: true }, user), ctx })).rejects.toMatchObject({ code: "RESET_CONTINUE_EXPIRED" });
      expect((await reload(flow.id)).state).toBe("awaiting_redirect");
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(passwordHash);
      expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-verify.js"]);
    });

    it("a late or lost user goes back to the site with a fresh state: the same URL, the old state void, the Action not run again", async () => {
      const user = await newUser();
      const { flow, cookie, to, state } = await redirected(user);
      expect(await waitingSiteOf(cookie)).toEqual({ host: "verifier.example" });
      // Back late: the state's own expiry has passed (the flow's has not).
      const db = await prisma();
      const progress = progressOf(await reload(flow.id));
      await db.resetFlow.update({ where: { id: flow.id }, data: { progress: { ...progress, redirect: { ...progress.redirect!, expiresAt: new Date(Date.now() - 1000).toISOString() } } } });
      const ctx = testRequestContext();

      const again = new URL((await returnToRedirectSite({ cookieValue: cookie, ctx })).next);
      const fresh = again.searchParams.get("state")!;
      expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(fresh).not.toBe(state);
      again.searchParams.delete("state");
      to.searchParams.delete("state");
      expect(again.href).toBe(to.href);
      const waiting = await reload(flow.id);
      expect(progressOf(waiting).redirect).toMatchObject({ action: "10-verify.js", stateHash: hashToken(fresh) });
      expect(Date.parse(progressOf(waiting).redirect!.expiresAt)).toBeGreaterThan(Date.now());
      expect(JSON.stringify(waiting)).not.toContain(fresh);
      expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-verify.js"]);

      // Only this browser may ask; the old state no longer resumes, the fresh one does.
      await expect(returnToRedirectSite({ cookieValue: encodeResetCookie({ flowId: flow.id, secret: "B".repeat(43) }), ctx })).rejects.toMatchObject({ code: "RESET_WRONG_BROWSER" });
      await expect(returnToRedirectSite({ cookieValue: undefined, ctx })).rejects.toMatchObject({ code: "RESET_NOT_FOUND" });
      await expect(continuePostChallenge({ cookieValue: cookie, params: back(state, { verified: true }, user), ctx })).rejects.toMatchObject({ code: "RESET_CONTINUE_INVALID" });
      expect(await continuePostChallenge({ cookieValue: cookie, params: back(fresh, { verified: true }, user), ctx })).toEqual({ next: "/reset/password" });

      // Once the reset moved on, there is no site to go back to.
      expect(await waitingSiteOf(cookie)).toBeNull();
      await expect(returnToRedirectSite({ cookieValue: cookie, ctx })).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
    });

    // Regression: the state was spent by an update conditional on the flow's state only, which
    // "Continue at" does not change; a return checked just before it got through with a void state.
    it("a return whose state was replaced while it was being checked is refused, and so is the older of two replacements", async () => {
      const user = await newUser();
      const { flow, cookie } = await redirected(user);
      const ctx = testRequestContext();
      const checked = await loadFlow(flow.id);
      if (checked.state !== "awaiting_redirect") throw new Error("expected awaiting_redirect");
      await returnToRedirectSite({ cookieValue: cookie, ctx });
      const db = await prisma();
      await expect(transitionFlow(db, checked, { state: "link_verified", progress: checked.progress })).rejects.toMatchObject({ code: "RESET_FLOW_STATE" });
      expect((await reload(flow.id)).state).toBe("awaiting_redirect");

      const before = await loadFlow(flow.id);
      if (before.state !== "awaiting_redirect") throw new Error("expected awaiting_redirect");
      const replacements = [newRedirectState(before, "https://verifier.example/a"), newRedirectState(before, "https://verifier.example/b")];
      const results = await Promise.allSettled(
        replacements.map(({ pending }) => transitionFlow(db, before, { state: "awaiting_redirect", progress: before.progress, redirect: { action: before.redirect.action, ...pending } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    });

    it("the state expires with RESET_REDIRECT_SECONDS, never after the flow", async () => {
      overrideConfig({ ACTIONS_DIR: root, RESET_REDIRECT_SECONDS: "5" });
      const user = await newUser();
      const { flow } = await redirected(user);
      const expiresAt = Date.parse(progressOf(await reload(flow.id)).redirect!.expiresAt);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(5000);
      overrideConfig({ ACTIONS_DIR: root, RESET_REDIRECT_SECONDS: "86400" });
      const later = await redirected(user);
      expect(Date.parse(progressOf(await reload(later.flow.id)).redirect!.expiresAt)).toBe(later.flow.expiresAt.getTime());
    });

    it("two requests with one state at once: exactly one resumes", async () => {
      const user = await newUser();
      const { flow, cookie, state } = await redirected(user);
      const params = back(state, { verified: true }, user);
      const results = await Promise.allSettled([
        continuePostChallenge({ cookieValue: cookie, params, ctx: testRequestContext() }),
        continuePostChallenge({ cookieValue: cookie, params, ctx: testRequestContext() }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "RESET_CONTINUE_INVALID" } });
      expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-verify.js", "10-verify.js", "20-after.js"]);
    });

    it("the resumed Action may deny (a token the verifier refused), and body parameters win over the query's", async () => {
      const user = await newUser();
      const { flow, cookie, state } = await redirected(user);
      const good = back(state, { verified: true }, user);
      const refused = back(state, { verified: false }, user);
      const params = { query: good.query, body: { session_token: refused.query.session_token } };
      expect(await continuePostChallenge({ cookieValue: cookie, params, ctx: testRequestContext() })).toEqual({ next: "/reset/error?code=RESET_DENIED" });
      expect(await reload(flow.id)).toMatchObject({ state: "denied", reason: "The verifier said no." });
    });

    it("a token for another user or without the state fails the resumed Action, closed", async () => {
      const user = await newUser();
      const { flow, cookie, state } = await redirected(user);
      const params = back(state, { verified: true, sub: "auth0|ffffffffffffffffffffffff" }, user);
      expect(await continuePostChallenge({ cookieValue: cookie, params, ctx: testRequestContext() })).toEqual({ next: "/reset/error?code=RESET_FAILED" });
      const runs = await executions(flow.id);
      expect(runs[1]).toMatchObject({ status: "failed", error: expect.stringContaining("The session token is invalid: jwt subject invalid") });
    });

    it("without onContinuePostChallenge the resume moves straight on", async () => {
      const user = await newUser();
      action("10-away.js", `exports.onExecutePostChallenge = async (event, api) => { api.redirect.sendUserTo("https://verifier.example/"); };`);
      action("20-after.js", RECORDER);
      const { flow, cookie } = await verifiedFlow(user.id);
      const state = new URL(await advanceFlow(flow, testRequestContext())).searchParams.get("state")!;
      expect(await continuePostChallenge({ cookieValue: cookie, params: { query: { state }, body: {} }, ctx: testRequestContext() })).toEqual({ next: "/reset/password" });
      expect((await executions(flow.id)).map((e) => e.actionName)).toEqual(["10-away.js", "20-after.js"]);
    });

    it("an Action removed while the user was away fails the resume closed", async () => {
      const user = await newUser();
      const { flow, cookie, state } = await redirected(user);
      fs.rmSync(path.join(dir, "10-verify.js"));
      const next = await continuePostChallenge({ cookieValue: cookie, params: back(state, { verified: true }, user), ctx: testRequestContext() });
      expect(next).toEqual({ next: "/reset/error?code=RESET_FAILED" });
      expect((await reload(flow.id)).state).toBe("denied");
    });
  });

  it("setResultUrl is where the completed reset lands", async () => {
    const user = await newUser();
    action("10-result.js", `exports.onExecutePostChallenge = async (event, api) => { api.transaction.setResultUrl("https://app.example/welcome", { query: { from: "reset" } }); };`);
    const { flow, cookie } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/password");
    expect(await completePasswordReset(cookie, "Brand-New-Pass-64", testRequestContext())).toEqual({ redirectTo: "https://app.example/welcome?from=reset" });
  });

  it("api.cache written by one Action is seen by the next, and kept for later resets", async () => {
    const user = await newUser();
    action("10-write.js", `exports.onExecutePostChallenge = async (event, api) => { api.cache.set("seen-" + event.user.user_id, "yes"); };`);
    action("20-read.js", `exports.onExecutePostChallenge = async (event, api) => { console.log(api.cache.get("seen-" + event.user.user_id)?.value ?? "missing"); };`);
    const { flow } = await verifiedFlow(user.id);
    expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/password");
    expect((await executions(flow.id)).map((e) => e.logs)).toEqual(["", "yes"]);
    const db = await prisma();
    expect(await db.actionCacheEntry.findUnique({ where: { trigger_key: { trigger: "password-reset-post-challenge", key: `seen-auth0|${user.id}` } } })).toMatchObject({ value: "yes" });
  });

  it("the event lists the email factor only while the address is verified", async () => {
    const user = await newUser([{ type: "email" }, { type: "otp" }]);
    action("10-factors.js", `exports.onExecutePostChallenge = async (event) => { console.log(event.user.enrolledFactors.map((f) => f.type).join(",")); };`);
    const before = await verifiedFlow(user.id);
    expect(await advanceFlow(before.flow, testRequestContext())).toBe("/reset/password");
    const db = await prisma();
    await db.user.update({ where: { id: user.id }, data: { emailVerified: true } });
    const after = await verifiedFlow(user.id);
    expect(await advanceFlow(after.flow, testRequestContext())).toBe("/reset/password");
    expect([...(await executions(before.flow.id)), ...(await executions(after.flow.id))].map((e) => e.logs)).toEqual(["otp", "otp,email"]);
  });

  describe("email codes for a verified address never enrolled (Auth0: all users with verified emails can use them)", () => {
    async function userWithAddress(emailVerified: boolean) {
      const email = `pc${Math.random().toString(36).slice(2)}@example.com`;
      const user = await createUser({ email, password: PASSWORD, emailVerified }, { connection: await defaultConnection(), ctx: testRequestContext() });
      return { ...user, email };
    }
    const ASK_FOR_EMAIL = `exports.onExecutePostChallenge = async (event, api) => {
      console.log(JSON.stringify(event.user.enrolledFactors));
      api.authentication.challengeWith({ type: "email" });
    };`;

    // Regression: challengeWith({type: "email"}) for a verified address without an email-code enrollment ended in RESET_NO_FACTOR.
    it("an Action's challengeWith email is offered, sends the code, and the code passes", async () => {
      const user = await userWithAddress(true);
      action("10-email.js", ASK_FOR_EMAIL);
      action("20-after.js", RECORDER);
      const { flow, cookie } = await verifiedFlow(user.id);
      const ctx = testRequestContext();
      expect(await advanceFlow(flow, ctx)).toBe("/reset/challenge");
      expect(JSON.parse((await executions(flow.id))[0]!.logs)).toEqual([{ type: "email" }]);
      expect(await loadFactorStep(cookie, ctx)).toEqual({ mode: "challengeWith", options: [{ type: "email", detail: maskEmail(user.email), codeSent: false, open: true }] });
      await expect(startFactorStep(cookie, "email", ctx)).resolves.toMatchObject({ kind: "code-sent", sentTo: maskEmail(user.email) });
      const code = await lastCodeTo("email.send", user.email);
      await expect(verifyFactorCode(cookie, { factor: "email", code }, ctx)).resolves.toMatchObject({ next: "/reset/password", factor: "email" });
      const recorded = JSON.parse((await executions(flow.id))[1]!.logs) as { methods: Array<{ name: string; type?: string }> };
      expect(recorded.methods.map((m) => [m.name, m.type])).toEqual([
        ["email", undefined],
        ["mfa", "email"],
      ]);
    });

    it("an unverified address still cannot: RESET_NO_FACTOR", async () => {
      const user = await userWithAddress(false);
      action("10-email.js", ASK_FOR_EMAIL);
      const { flow } = await verifiedFlow(user.id);
      expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/error?code=RESET_NO_FACTOR");
      expect(JSON.parse((await executions(flow.id))[0]!.logs)).toEqual([]);
    });

    it("the secure default never counts a verified address as the second factor", async () => {
      const onlyEmail = await userWithAddress(true);
      const alone = await verifiedFlow(onlyEmail.id);
      expect(await advanceFlow(alone.flow, testRequestContext())).toBe("/reset/password");

      const withOtp = await userWithAddress(true);
      const db = await prisma();
      await db.factor.create({ data: { userId: withOtp.id, type: "otp", name: "otp", confirmedAt: new Date() } });
      const { flow } = await verifiedFlow(withOtp.id);
      expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/challenge");
      expect(progressOf(await reload(flow.id)).challenge).toEqual({ mode: "challengeWithAny", factors: ["otp"], action: SECURE_DEFAULT_ACTION });
    });
  });

  it("the event has exactly the fields of spec §1.2", async () => {
    const user = await newUser([{ type: "otp" }]);
    action("10-event.js", `exports.onExecutePostChallenge = async (event) => { console.log(JSON.stringify(event)); };`);
    const { flow } = await verifiedFlow(user.id);
    const ctx = testRequestContext({ hostname: "id.example", language: "de", userAgent: "Agent/1" });
    expect(await advanceFlow(flow, ctx)).toBe("/reset/password");
    const event = JSON.parse((await executions(flow.id))[0]!.logs) as Record<string, Record<string, unknown>>;
    expect(Object.keys(event).sort()).toEqual(["authentication", "authorization", "client", "configuration", "connection", "request", "secrets", "stats", "tenant", "transaction", "user"]);
    const connection = await defaultConnection();
    expect(event).toMatchObject({
      authentication: { methods: [{ name: "email", timestamp: flow.ticketConsumedAt!.toISOString() }] },
      authorization: { roles: [] },
      client: { client_id: "rekey", name: "Rekey", metadata: {} },
      connection: { id: connection.id, name: connection.name, strategy: "auth0", metadata: {} },
      request: { ip: ctx.ip, hostname: "id.example", user_agent: "Agent/1", language: "de", method: "POST", query: {}, body: {}, geoip: {} },
      stats: { logins_count: 0 },
      tenant: { id: "rekey" },
      transaction: { correlation_id: flow.id, locale: "de", ui_locales: ["de"] },
      secrets: { VERIFIER_SECRET: "[secret:VERIFIER_SECRET]" },
      configuration: {},
    });
    expect(Object.keys(event.user!).sort()).toEqual(
      ["app_metadata", "created_at", "email", "email_verified", "enrolledFactors", "identities", "name", "nickname", "updated_at", "user_id", "user_metadata"].sort(),
    );
    expect(event.user).toMatchObject({
      user_id: `auth0|${user.id}`,
      email: user.email,
      email_verified: false,
      enrolledFactors: [{ type: "otp" }],
      identities: [{ connection: connection.name, provider: "auth0", user_id: user.id, isSocial: false }],
    });
  });

  describe("the secure default (no Action)", () => {
    it("asks a user with a factor other than email for one of them, once", async () => {
      const user = await newUser([{ type: "email" }, { type: "otp" }, { type: "webauthn-platform" }]);
      const { flow, cookie } = await verifiedFlow(user.id);
      expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/challenge");
      expect(progressOf(await reload(flow.id)).challenge).toEqual({ mode: "challengeWithAny", factors: ["webauthn-platform", "otp"], action: SECURE_DEFAULT_ACTION });
      expect(await passFactor(await loadBoundFlow(cookie), "webauthn-platform", testRequestContext())).toBe("/reset/password");
    });

    it("counts unused recovery codes as a factor", async () => {
      const user = await newUser();
      const db = await prisma();
      // The set of codes is one confirmed factor (lib/factors), usable while a code is left.
      await db.factor.create({ data: { userId: user.id, type: "recovery-code", name: "Recovery codes", confirmedAt: new Date() } });
      await db.recoveryCode.create({ data: { userId: user.id, codeHash: "x" } });
      const { flow } = await verifiedFlow(user.id);
      expect(await advanceFlow(flow, testRequestContext())).toBe("/reset/challenge");
      expect(progressOf(await reload(flow.id)).challenge?.factors).toEqual(["recovery-code"]);
    });

    it("is off with RESET_REQUIRE_MFA=false, and does not apply when an Action exists", async () => {
      const user = await newUser([{ type: "otp" }]);
      overrideConfig({ ACTIONS_DIR: root, RESET_REQUIRE_MFA: "false" });
      const off = await verifiedFlow(user.id);
      expect(await advanceFlow(off.flow, testRequestContext())).toBe("/reset/password");
      overrideConfig({ ACTIONS_DIR: root });
      action("10-noop.js", `exports.onExecutePostChallenge = async () => {};`);
      const withAction = await verifiedFlow(user.id);
      expect(await advanceFlow(withAction.flow, testRequestContext())).toBe("/reset/password");
    });
  });
});
