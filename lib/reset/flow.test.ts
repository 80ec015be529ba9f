import { describe, expect, it, vi } from "vitest";
import { prisma, type Prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { encodeResetCookie, newBindingSecret } from "./cookie";
import { readFlow, type ResetFlowRow } from "./flow";
import { continuePostChallenge, loadBoundFlow, nextStepOf, verifyFactorCode } from ".";
import { newResetUser } from "./testing/fixtures";

/** A flow bound to a browser, in `state` with `progress` as stored, written around lib/reset as a script would. */
async function storedFlow(state: string, progress: object, extra: Partial<Pick<ResetFlowRow, "resultUrl" | "failureReason">> = {}) {
  const user = await newResetUser();
  const binding = newBindingSecret();
  const db = await prisma();
  const row = await db.resetFlow.create({
    data: {
      userId: user.id,
      connectionId: user.connectionId,
      identifier: user.email,
      sentTo: user.email,
      state,
      progress: progress as Prisma.InputJsonObject,
      requesterHash: binding.hash,
      bindingHash: binding.hash,
      ticketConsumedAt: new Date(),
      expiresAt: new Date(Date.now() + 15 * 60_000),
      ...extra,
    },
  });
  return { row, cookie: encodeResetCookie({ flowId: row.id, secret: binding.secret }) };
}

const CHALLENGE = { mode: "challengeWith", factors: ["otp"], action: "10-mfa.js" };

describe.each(testDatabaseKinds())("a flow's state and its data, on %s", (kind) => {
  useTestDatabase(kind);

  it("reads each state with its own data only", async () => {
    const { row } = await storedFlow("awaiting_factor", { done: ["05-first.js"], passed: [], challenge: CHALLENGE, redirect: { stray: true } });
    const flow = readFlow(row);
    expect(flow).toMatchObject({ state: "awaiting_factor", challenge: CHALLENGE, progress: { done: ["05-first.js"], passed: [] } });
    expect(flow).not.toHaveProperty("redirect");
    expect(flow).not.toHaveProperty("failureReason");
  });

  // Regression: readProgress read malformed progress as an empty one, silently (every Action would run again).
  it.each([
    { name: "a factor wait without its challenge", state: "awaiting_factor", progress: { done: [], passed: [] } },
    { name: "a redirect wait without its state hash", state: "awaiting_redirect", progress: { done: ["10-verify.js"] } },
    { name: "progress that is not the pipeline's", state: "password_allowed", progress: { done: "10-mfa.js" } },
    { name: "a passed factor of no known type", state: "link_verified", progress: { passed: [{ type: "carrier-pigeon", at: "now" }] } },
  ])("refuses $name with RESET_FLOW_INVALID (409) and logs why", async ({ state, progress }) => {
    const { row, cookie } = await storedFlow(state, progress);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(loadBoundFlow(cookie)).rejects.toMatchObject({ code: "RESET_FLOW_INVALID", status: 409 });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(`reset flow ${row.id} holds data its state (${state}) does not allow`));
    } finally {
      logged.mockRestore();
    }
    const db = await prisma();
    expect(await db.resetFlow.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ state, progress });
  });

  it("refuses the steps of a malformed flow and changes nothing", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const factor = await storedFlow("awaiting_factor", { challenge: { mode: "challengeWith", factors: [] } });
      await expect(verifyFactorCode(factor.cookie, { factor: "otp", code: "123456" }, testRequestContext())).rejects.toMatchObject({ code: "RESET_FLOW_INVALID" });
      const redirect = await storedFlow("awaiting_redirect", {});
      const params = { query: { state: "A".repeat(43) }, body: {} };
      await expect(continuePostChallenge({ cookieValue: redirect.cookie, params, ctx: testRequestContext() })).rejects.toMatchObject({ code: "RESET_FLOW_INVALID" });
      const db = await prisma();
      expect((await db.resetFlow.findUniqueOrThrow({ where: { id: redirect.row.id } })).state).toBe("awaiting_redirect");
    } finally {
      logged.mockRestore();
    }
  });

  it("nextStepOf is where each state sends its browser", async () => {
    const at = async (state: string, progress: object = {}, extra: Partial<Pick<ResetFlowRow, "resultUrl" | "failureReason">> = {}) => nextStepOf(readFlow((await storedFlow(state, progress, extra)).row));
    expect(await at("link_sent")).toEqual({ page: "sent", path: "/reset/sent" });
    expect(await at("link_verified")).toEqual({ page: "error", path: "/reset/error?code=RESET_FLOW_STATE" });
    expect(await at("awaiting_factor", { challenge: CHALLENGE })).toEqual({ page: "challenge", path: "/reset/challenge" });
    expect(await at("awaiting_redirect", { redirect: { action: "10-verify.js", stateHash: "h", expiresAt: new Date().toISOString() } })).toEqual({
      page: "external-site",
      path: "/reset/challenge",
    });
    expect(await at("password_allowed")).toEqual({ page: "password", path: "/reset/password" });
    expect(await at("completed")).toEqual({ page: "result", path: "/reset/done" });
    expect(await at("completed", {}, { resultUrl: "https://app.example/after" })).toEqual({ page: "result", path: "https://app.example/after" });
    expect(await at("completed", { resultUrl: "https://action.example/x" }, { resultUrl: "https://app.example/after" })).toEqual({ page: "result", path: "https://action.example/x" });
    expect(await at("completed", { resultUrl: "javascript:alert(1)" })).toEqual({ page: "result", path: "/reset/done" });
    expect(await at("expired", {}, { failureReason: "superseded" })).toEqual({ page: "error", path: "/reset/error?code=RESET_LINK_SUPERSEDED" });
    expect(await at("expired")).toEqual({ page: "error", path: "/reset/error?code=RESET_LINK_EXPIRED" });
    expect(await at("denied", { denial: "RESET_NO_FACTOR" })).toEqual({ page: "error", path: "/reset/error?code=RESET_NO_FACTOR" });
    // A flow denied before the denial was stored was denied by an Action.
    expect(await at("denied")).toEqual({ page: "error", path: "/reset/error?code=RESET_DENIED" });
  });
});
