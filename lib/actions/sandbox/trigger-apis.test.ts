import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction, shutdownSandbox } from ".";
import { credentialsExchangeCommandSchema, postLoginCommandSchema, preUserRegistrationCommandSchema } from "./commands";
import type { Trigger } from "../triggers";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-trigger-apis-"));
});
afterAll(async () => {
  await shutdownSandbox();
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const EXPORTS: Partial<Record<Trigger, string>> = {
  "post-login": "onExecutePostLogin",
  "pre-user-registration": "onExecutePreUserRegistration",
  "post-user-registration": "onExecutePostUserRegistration",
  "send-phone-message": "onExecuteSendPhoneMessage",
  "credentials-exchange": "onExecuteCredentialsExchange",
};

/** Runs `source` (a whole Action file) for `trigger` with the real in-sandbox api. */
async function run(trigger: Trigger, source: string, event: Record<string, unknown> = {}) {
  const file = path.join(dir, `${trigger}-${++counter}.js`);
  fs.writeFileSync(file, source);
  return executeAction({
    trigger,
    file,
    exportName: EXPORTS[trigger]!,
    event: { user: { user_id: "auth0|0123456789abcdef01234567", app_metadata: {}, user_metadata: {} }, request: { ip: "203.0.113.9", hostname: "rekey.example", query: {}, body: {} }, secrets: {}, ...event },
  });
}

const shapeOf = `return Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.keys(v).sort()]));`;

describe("post-login api (in the sandbox)", () => {
  it("has Auth0's members", async () => {
    const result = await run("post-login", `exports.onExecutePostLogin = async (event, api) => { ${shapeOf} };`);
    expect(result.returnValue).toEqual({
      access: ["deny"],
      accessToken: ["addScope", "removeScope", "setCustomClaim"],
      authentication: ["challengeWith", "challengeWithAny", "enrollWith", "enrollWithAny", "recordMethod", "setPrimaryUser"],
      cache: ["delete", "get", "set"],
      idToken: ["setCustomClaim"],
      multifactor: ["enable"],
      prompt: ["render"],
      redirect: ["encodeToken", "sendUserTo", "validateToken"],
      refreshToken: ["revoke"],
      rules: ["wasExecuted"],
      session: ["revoke"],
      user: ["setAppMetadata", "setUserMetadata"],
    });
  });

  it("records the commands of Auth0's documented examples, chained as Auth0's methods return the api", async () => {
    // Shapes from Auth0's post-login examples: namespaced claims, roles into the tokens, MFA for
    // one application, metadata, scopes.
    const result = await run(
      "post-login",
      `exports.onExecutePostLogin = async (event, api) => {
        const namespace = "https://my-app.example.com";
        if (event.authorization) {
          api.idToken.setCustomClaim(namespace + "/roles", event.authorization.roles).idToken.setCustomClaim("favorite_color", "blue");
          api.accessToken.setCustomClaim(namespace + "/roles", event.authorization.roles);
        }
        api.accessToken.addScope("read:reports").accessToken.removeScope("write:reports");
        if (event.client.client_id === "mfa-app") api.multifactor.enable("any", { allowRememberBrowser: false });
        api.user.setUserMetadata("favorite_color", "blue");
        api.user.setAppMetadata("plan", undefined);
        api.authentication.challengeWith({ type: "otp" }, { additionalFactors: [{ type: "sms" }] });
        api.authentication.recordMethod("https://example.com/custom-method");
      };`,
      { client: { client_id: "mfa-app" }, authorization: { roles: ["admin"] } },
    );
    expect(result.error).toBeUndefined();
    expect(postLoginCommandSchema.array().parse(result.commands)).toEqual([
      { type: "idToken.setCustomClaim", name: "https://my-app.example.com/roles", value: ["admin"] },
      { type: "idToken.setCustomClaim", name: "favorite_color", value: "blue" },
      { type: "accessToken.setCustomClaim", name: "https://my-app.example.com/roles", value: ["admin"] },
      { type: "accessToken.addScope", scope: "read:reports" },
      { type: "accessToken.removeScope", scope: "write:reports" },
      { type: "multifactor.enable", provider: "any", allowRememberBrowser: false },
      { type: "user.setUserMetadata", name: "favorite_color", value: "blue" },
      { type: "user.setAppMetadata", name: "plan" },
      { type: "authentication.challengeWith", factors: [{ type: "otp" }, { type: "phone", options: { preferredMethod: "sms" } }] },
      { type: "authentication.recordMethod", url: "https://example.com/custom-method" },
    ]);
  });

  it("refuses what Auth0's codecs refuse, at the call", async () => {
    const cases = [
      `api.multifactor.enable("sms")`,
      `api.idToken.setCustomClaim("x", () => 1)`,
      `api.accessToken.addScope("two words")`,
      `api.redirect.sendUserTo("javascript:alert(1)")`,
      `api.authentication.setPrimaryUser("auth0|x")`,
      `api.prompt.render("p")`,
    ];
    for (const call of cases) {
      const result = await run("post-login", `exports.onExecutePostLogin = async (event, api) => { ${call}; };`);
      expect(result.ok, call).toBe(false);
      expect(result.error?.kind, call).toBe("throw");
    }
  });

  it("redirects with a signed token, and validates the one sent back to /continue", async () => {
    const sent = await run(
      "post-login",
      `exports.onExecutePostLogin = async (event, api) => {
        const token = api.redirect.encodeToken({ secret: event.secrets.S, payload: { state: "abc" } });
        api.redirect.sendUserTo("https://verify.example.com/check", { query: { session_token: token } });
      };`,
      { secrets: { S: "a-long-shared-secret" } },
    );
    const command = postLoginCommandSchema.parse(sent.commands[0]);
    expect(command.type).toBe("redirect.sendUserTo");
    const url = new URL((command as { url: string }).url);
    expect(url.origin + url.pathname).toBe("https://verify.example.com/check");
    const token = url.searchParams.get("session_token")!;

    const back = await run(
      "post-login",
      `exports.onExecutePostLogin = async (event, api) => api.redirect.validateToken({ secret: event.secrets.S });`,
      { secrets: { S: "a-long-shared-secret" }, request: { ip: "203.0.113.9", query: { state: "abc", session_token: token }, body: {} } },
    );
    expect(back.returnValue).toMatchObject({ state: "abc", sub: "auth0|0123456789abcdef01234567" });
  });
});

describe("pre-user-registration api (in the sandbox)", () => {
  it("denies with a user-facing message, sets metadata, and reports validation errors", async () => {
    const result = await run(
      "pre-user-registration",
      `exports.onExecutePreUserRegistration = async (event, api) => {
        api.user.setUserMetadata("screen_name", "jsmith").user.setAppMetadata("tier", "free");
        if (event.user.email.endsWith("@blocked.example")) {
          api.access.deny("blocked_domain", "Sign-ups from this domain are not allowed.");
        }
        api.validation.error("invalid_name", "Choose another name.");
      };`,
      { user: { email: "x@blocked.example", app_metadata: {}, user_metadata: {} } },
    );
    expect(preUserRegistrationCommandSchema.array().parse(result.commands)).toEqual([
      { type: "user.setUserMetadata", name: "screen_name", value: "jsmith" },
      { type: "user.setAppMetadata", name: "tier", value: "free" },
      { type: "access.deny", reason: "blocked_domain", userMessage: "Sign-ups from this domain are not allowed." },
      { type: "validation.error", errorCode: "invalid_name", userMessage: "Choose another name." },
    ]);
  });
});

describe("credentials-exchange api (in the sandbox)", () => {
  it("denies with an OAuth code and sets access-token claims (Auth0's examples)", async () => {
    const result = await run(
      "credentials-exchange",
      `exports.onExecuteCredentialsExchange = async (event, api) => {
        api.accessToken.setCustomClaim("https://my-api.exampleco.com/request-ip", event.request.ip);
        if (event.request.geoip.continentCode === "NA") api.access.deny("invalid_request", "Access from North America is not allowed.");
      };`,
      { request: { ip: "203.0.113.9", geoip: { continentCode: "NA" }, body: {} } },
    );
    expect(credentialsExchangeCommandSchema.array().parse(result.commands)).toEqual([
      { type: "accessToken.setCustomClaim", name: "https://my-api.exampleco.com/request-ip", value: "203.0.113.9" },
      { type: "access.deny", code: "invalid_request", reason: "Access from North America is not allowed." },
    ]);
    const bad = await run("credentials-exchange", `exports.onExecuteCredentialsExchange = async (event, api) => { api.access.deny("nope", "x"); };`);
    expect(bad.error?.message).toMatch(/invalid_scope, invalid_request, server_error/);
  });
});

describe("the cache-only triggers (in the sandbox)", () => {
  it.each([
    ["post-user-registration", "onExecutePostUserRegistration"],
    ["send-phone-message", "onExecuteSendPhoneMessage"],
  ] as const)("%s has only api.cache", async (trigger, exportName) => {
    const result = await run(trigger, `exports.${exportName} = async (event, api) => { ${shapeOf} };`);
    expect(result.returnValue).toEqual({ cache: ["delete", "get", "set"] });
  });
});
