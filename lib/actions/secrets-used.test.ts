import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { secretsOfFile, secretsUsed } from "./secrets-used";

describe("secretsUsed", () => {
  it("finds the secrets an Action or a Hook reads, in every usual spelling", () => {
    const source = `
      // event.secrets.COMMENTED is not read
      exports.onExecutePostChangePassword = async (event, api) => {
        await fetch(event.secrets.SESSIONS_URL + "/revoke", { headers: { authorization: event.secrets?.API_TOKEN } });
        const { REGION, TIMEOUT: timeout } = event.secrets;
        const secrets = event.secrets;
        console.log(secrets["quoted-name"], secrets[dynamicKey]);
      };
      module.exports = function (user, context, cb) { cb(null, context.webtask.secrets.HOOK_KEY); };
    `;
    expect(secretsUsed(source)).toEqual(["API_TOKEN", "HOOK_KEY", "REGION", "SESSIONS_URL", "TIMEOUT", "quoted-name"]);
  });

  it("marks which secrets the environment gives the file, scoped ones included", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "rekey-secrets-"));
    const file = path.join(dir, "10-revoke-sessions.js");
    await fs.writeFile(file, "exports.onExecutePostChangePassword = async (event) => fetch(event.secrets.SESSIONS_URL + event.secrets.TOKEN);");
    const uses = await secretsOfFile(file, "10-revoke-sessions.js", { ACTION_SECRET_TOKEN__REVOKE_SESSIONS: "t" });
    expect(uses).toEqual([
      { name: "SESSIONS_URL", set: false, variable: "ACTION_SECRET_SESSIONS_URL__REVOKE_SESSIONS" },
      { name: "TOKEN", set: true, variable: "ACTION_SECRET_TOKEN__REVOKE_SESSIONS" },
    ]);
    await fs.rm(dir, { recursive: true });
  });
});
