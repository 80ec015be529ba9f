import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shutdownSandbox } from "./sandbox";
import { testActionFile } from "./test-action";
import { TRIGGERS, type Trigger } from "./triggers";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-test-action-"));
afterAll(async () => {
  await shutdownSandbox();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("npm run action -- test: every trigger has a sample event shaped like its real one", () => {
  it.each([
    ["post-login", "event.client.client_id && event.transaction.requested_scopes.length && event.user.user_id && event.request.query"],
    ["pre-user-registration", "event.user.email && !event.user.user_id && event.connection.name"],
    ["post-user-registration", "event.user.user_id && event.delivery.id && event.connection.name"],
    ["send-phone-message", "event.message_options.recipient && event.message_options.code && event.message_options.action"],
    ["credentials-exchange", "event.client.client_id && event.resource_server.identifier && event.accessToken.scope.length"],
  ] as const)("%s", async (trigger: Trigger, check) => {
    fs.mkdirSync(path.join(root, trigger), { recursive: true });
    const file = path.join(root, trigger, "10-check.js");
    const exportName = TRIGGERS[trigger].exports[0];
    fs.writeFileSync(file, `exports.${exportName} = async (event, api) => { if (!(${check})) throw new Error("sample is missing fields"); return Object.keys(api).sort(); };`);
    const outcome = await testActionFile({ file });
    expect(outcome.trigger).toBe(trigger);
    expect(outcome.result.error).toBeUndefined();
    expect(outcome.result.returnValue).toContain("cache");
  });
});
