import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction, shutdownSandbox } from ".";
import { postChallengeCommandSchema } from "./commands";

const { signHs256 } = createRequire(import.meta.url)("./worker/jwt.cjs") as { signHs256: (payload: object, secret: string) => string };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-pc-api-"));
});
afterAll(async () => {
  await shutdownSandbox();
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const USER_ID = "auth0|0123456789abcdef01234567";
const SECRET = "shared-verifier-secret-123";

function event(request: Record<string, unknown> = {}) {
  return {
    user: { user_id: USER_ID, email: "a@example.com", enrolledFactors: [] },
    request: { ip: "203.0.113.9", hostname: "rekey.example", method: "GET", query: {}, body: {}, geoip: {}, ...request },
    secrets: { SECRET },
  };
}

/** Runs `body` as onExecutePostChallenge (or another export) with the real post-challenge api. */
async function run(body: string, options: { exportName?: string; request?: Record<string, unknown> } = {}) {
  const exportName = options.exportName ?? "onExecutePostChallenge";
  const file = path.join(dir, `pc-${++counter}.js`);
  fs.writeFileSync(file, `exports.${exportName} = async (event, api) => { ${body} };`);
  return executeAction({
    trigger: "password-reset-post-challenge",
    file,
    exportName,
    event: event(options.request),
    secrets: { SECRET },
  });
}

function decode(token: string) {
  const [header, payload] = token.split(".");
  return { header: JSON.parse(Buffer.from(header!, "base64url").toString()), payload: JSON.parse(Buffer.from(payload!, "base64url").toString()) };
}

describe("the password-reset-post-challenge api (in the sandbox)", () => {
  it("has exactly Auth0's members, frozen", async () => {
    const result = await run(`
      const shape = Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.keys(v).sort()]));
      let frozen = Object.isFrozen(api) && Object.values(api).every(Object.isFrozen);
      return { shape, frozen };`);
    expect(result.returnValue).toEqual({
      shape: {
        access: ["deny"],
        authentication: ["challengeWith", "challengeWithAny"],
        redirect: ["encodeToken", "sendUserTo", "validateToken"],
        cache: ["delete", "get", "set"],
        prompt: ["render"],
        transaction: ["setResultUrl"],
      },
      frozen: true,
    });
  });

  it("access.deny records the reason (text, capped at 500 characters)", async () => {
    const result = await run(`api.access.deny("Resets are locked for this account."); api.access.deny("x".repeat(600)); api.access.deny();`);
    expect(result.ok).toBe(true);
    expect(result.commands).toEqual([
      { type: "access.deny", reason: "Resets are locked for this account." },
      { type: "access.deny", reason: "x".repeat(500) },
      { type: "access.deny", reason: "" },
    ]);
  });

  it("challengeWith records the default factor first, then additionalFactors, with aliases resolved", async () => {
    const result = await run(`api.authentication.challengeWith({ type: "webauthn-roaming" }, {
      additionalFactors: [{ type: "otp" }, { type: "sms" }, { type: "voice" }, { type: "push", options: { otpFallback: false } }, { type: "phone", options: { preferredMethod: "both" } }],
    });`);
    expect(result.commands).toEqual([
      {
        type: "authentication.challengeWith",
        factors: [
          { type: "webauthn-roaming" },
          { type: "otp" },
          { type: "phone", options: { preferredMethod: "sms" } },
          { type: "phone", options: { preferredMethod: "voice" } },
          { type: "push-notification", options: { otpFallback: false } },
          { type: "phone", options: { preferredMethod: "both" } },
        ],
      },
    ]);
    for (const command of result.commands) expect(postChallengeCommandSchema.safeParse(command).success).toBe(true);
  });

  it("challengeWithAny records the list (the docs' email + sms sample works)", async () => {
    const result = await run(`api.authentication.challengeWithAny([{ type: "email" }, { type: "sms" }]);`);
    expect(result.commands).toEqual([{ type: "authentication.challengeWithAny", factors: [{ type: "email" }, { type: "phone", options: { preferredMethod: "sms" } }] }]);
  });

  it.each([
    [`api.authentication.challengeWith({ type: "carrier-pigeon" })`, /unknown factor type "carrier-pigeon"/],
    [`api.authentication.challengeWith("otp")`, /each factor is an object/],
    [`api.authentication.challengeWith({ type: "otp" }, { additionalFactors: { type: "email" } })`, /additionalFactors must be an array/],
    [`api.authentication.challengeWith({ type: "phone", options: { preferredMethod: "fax" } })`, /preferredMethod is one of sms, voice, both/],
    [`api.authentication.challengeWith({ type: "push", options: { otpFallback: "no" } })`, /otpFallback is a boolean/],
    [`api.authentication.challengeWith({ type: "otp", options: [] })`, /options of factor "otp" must be an object/],
    [`api.authentication.challengeWithAny([])`, /at least one factor/],
    [`api.authentication.challengeWithAny({ type: "otp" })`, /factors must be an array/],
    [`api.authentication.challengeWithAny([{ type: "__proto__" }])`, /unknown factor type/],
  ])("a bad selector throws clearly and records nothing: %s", async (call, message) => {
    const result = await run(`${call};`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ kind: "throw", message: expect.stringMatching(message) });
    expect(result.commands).toEqual([]);
  });

  it("sendUserTo sets each query parameter on the URL (replacing one already there)", async () => {
    const result = await run(`api.redirect.sendUserTo("https://verify.example/start?lang=en&x=1", { query: { x: "2", token: "a b&c" } });`);
    expect(result.commands).toEqual([{ type: "redirect.sendUserTo", url: "https://verify.example/start?lang=en&x=2&token=a+b%26c" }]);
  });

  it.each([
    [`api.redirect.sendUserTo("/relative")`, /is not an absolute URL/],
    [`api.redirect.sendUserTo("javascript:alert(1)")`, /only http and https/],
    [`api.redirect.sendUserTo("data:text/html,hi")`, /only http and https/],
    [`api.redirect.sendUserTo("https://x.example", { query: "a=b" })`, /query must be an object/],
    [`api.redirect.sendUserTo("https://x.example/" + "a".repeat(5000))`, /longer than 4096/],
    [`api.transaction.setResultUrl("ftp://files.example")`, /only http and https/],
  ])("a bad URL throws: %s", async (call, message) => {
    const result = await run(`${call};`);
    expect(result.error).toMatchObject({ kind: "throw", message: expect.stringMatching(message) });
    expect(result.commands).toEqual([]);
  });

  it("transaction.setResultUrl records the URL with its query", async () => {
    const result = await run(`api.transaction.setResultUrl("https://app.example/welcome", { query: { reset: "done" } });`);
    expect(result.commands).toEqual([{ type: "transaction.setResultUrl", url: "https://app.example/welcome?reset=done" }]);
  });

  it("encodeToken signs an HS256 JWT with iat, iss, sub, exp (900 s by default), ip, then the payload (which wins)", async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await run(`return {
      plain: api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { userId: "u1" } }),
      short: api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { ip: "overridden" }, expiresInSeconds: 60 }),
    };`);
    const { plain, short } = result.returnValue as { plain: string; short: string };
    const a = decode(plain);
    expect(a.header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(a.payload).toEqual({ iat: expect.any(Number), iss: "rekey.example", sub: USER_ID, exp: a.payload.iat + 900, ip: "203.0.113.9", userId: "u1" });
    expect(a.payload.iat).toBeGreaterThanOrEqual(before);
    expect(Object.keys(a.payload)).toEqual(["iat", "iss", "sub", "exp", "ip", "userId"]);
    const b = decode(short);
    expect(b.payload).toMatchObject({ exp: b.payload.iat + 60, ip: "overridden" });
    // The signature is HMAC-SHA-256 over header.payload with the secret.
    const [h, p, s] = plain.split(".");
    expect(s).toBe(crypto.createHmac("sha256", SECRET).update(`${h}.${p}`).digest("base64url"));
  });

  it.each([
    [`api.redirect.encodeToken({ payload: {} })`, /secret must be a non-empty string/],
    [`api.redirect.encodeToken({ secret: "", payload: {} })`, /secret must be a non-empty string/],
    [`api.redirect.encodeToken({ secret: "s", payload: "x" })`, /payload must be an object/],
    [`api.redirect.encodeToken({ secret: "s", payload: {}, expiresInSeconds: -5 })`, /positive number/],
    [`api.redirect.encodeToken()`, /pass an options object/],
  ])("encodeToken refuses bad options: %s", async (call, message) => {
    const result = await run(`${call};`);
    expect(result.error).toMatchObject({ kind: "throw", message: expect.stringMatching(message) });
  });

  describe("validateToken on /continue", () => {
    const STATE = "s".repeat(43);
    const now = () => Math.floor(Date.now() / 1000);
    const token = (claims: Record<string, unknown>, secret = SECRET) => signHs256({ sub: USER_ID, state: STATE, iat: now(), exp: now() + 300, ...claims }, secret);
    const validate = (request: Record<string, unknown>, options = "{ secret: event.secrets.SECRET }") =>
      run(`return api.redirect.validateToken(${options});`, { exportName: "onContinuePostChallenge", request });

    it("returns the payload of a good token from the query (default parameter session_token)", async () => {
      const result = await validate({ query: { state: STATE, session_token: token({ verified: true, iss: "https://verifier.example" }) } });
      expect(result.ok).toBe(true);
      expect(result.returnValue).toMatchObject({ verified: true, sub: USER_ID, state: STATE });
    });

    it("reads the body over the query, and a custom parameter name", async () => {
      const good = token({ from: "body" });
      const result = await validate({ query: { state: STATE, my_token: "garbage" }, body: { my_token: good } }, `{ secret: event.secrets.SECRET, tokenParameterName: "my_token" }`);
      expect(result.returnValue).toMatchObject({ from: "body" });
    });

    it.each([
      ["a missing parameter", () => ({ query: { state: STATE } }), "There is no parameter called 'session_token' available in either the POST body or query string."],
      ["another secret", () => ({ query: { state: STATE, session_token: token({}, "other-secret") } }), "The session token is invalid: invalid signature"],
      ["an expired token", () => ({ query: { state: STATE, session_token: token({ exp: now() - 1 }) } }), "The session token is invalid: jwt expired"],
      ["a token not yet valid", () => ({ query: { state: STATE, session_token: token({ nbf: now() + 600 }) } }), "The session token is invalid: jwt not active"],
      ["another state", () => ({ query: { state: STATE, session_token: token({ state: "t".repeat(43) }) } }), "The session token is invalid: jwt state invalid"],
      ["no state claim", () => ({ query: { state: STATE, session_token: token({ state: undefined }) } }), "The session token is invalid: jwt state invalid"],
      ["no state parameter", () => ({ query: { session_token: token({}) } }), "The session token is invalid: jwt state invalid"],
      ["another user", () => ({ query: { state: STATE, session_token: token({ sub: "auth0|ffffffffffffffffffffffff" }) } }), `The session token is invalid: jwt subject invalid. expected: ${USER_ID}`],
      ["garbage", () => ({ query: { state: STATE, session_token: "not.a.jwt" } }), "The session token is invalid: jwt malformed"],
      ["an array", () => ({ body: { state: STATE, session_token: ["a", "b"] } }), "The session token is invalid: jwt must be a string"],
      [
        "alg none",
        () => {
          const body = Buffer.from(JSON.stringify({ sub: USER_ID, state: STATE })).toString("base64url");
          return { query: { state: STATE, session_token: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${body}.x` } };
        },
        "The session token is invalid: invalid algorithm",
      ],
    ])("throws Auth0's message for %s", async (_name, request, message) => {
      const result = await validate(request());
      expect(result.ok).toBe(false);
      expect(result.error?.message).toBe(message);
    });

    it("a token made by encodeToken and sent back with its state round-trips", async () => {
      const made = await run(`return api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { state: "${STATE}", step: 2 } });`);
      const result = await validate({ query: { state: STATE, session_token: made.returnValue } });
      expect(result.returnValue).toMatchObject({ step: 2, iss: "rekey.example", sub: USER_ID });
    });
  });

  it("prompt.render fails closed with a clear error", async () => {
    const result = await run(`api.prompt.render("my-prompt", { fields: {} });`);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain("api.prompt.render is not supported by Rekey");
  });

  it("api.cache is the shared cache api (get/set/delete)", async () => {
    const file = path.join(dir, `pc-${++counter}.js`);
    fs.writeFileSync(file, `exports.onExecutePostChallenge = async (event, api) => { api.cache.set("k", "v2"); return [api.cache.get("seen")?.value, api.cache.get("k")?.value, api.cache.delete("k").type]; };`);
    const result = await executeAction({
      trigger: "password-reset-post-challenge",
      file,
      exportName: "onExecutePostChallenge",
      event: event(),
      cacheSnapshot: { seen: { value: "yes", expires_at: Date.now() + 60_000 } },
    });
    expect(result.returnValue).toEqual(["yes", "v2", "success"]);
    expect(result.commands.map((c) => c.type)).toEqual(["cache.set", "cache.delete"]);
  });
});
