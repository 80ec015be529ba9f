import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication } from "@/lib/applications";
import { prisma } from "@/lib/db";
import { testRequestContext } from "@/lib/testing/context";
import { testDatabaseKinds, useTestDatabase, type TestDatabaseKind } from "@/lib/testing/database";
import { recordStatements, statementLabel } from "@/lib/testing/statements";
import { createUser, defaultConnection, setUserBlocked, setUserPassword } from "@/lib/users";
import { TestBrowser } from "./testing/browser";
import { signedIn, startServer } from "./testing/provider-server";

const CALLBACK = "http://localhost:3001/api/auth/callback/rekey";
const PASSWORD = "Lantern-Quiet-Harbor-58";

/**
 * Upper bounds, from the counts measured when they were set (bench/oidc-sso-statements.ts): a
 * change that adds a statement to these journeys fails here. PGlite counts calls (a transaction is
 * one); PostgreSQL counts every statement the driver sends.
 */
const MAX_STATEMENTS: Record<TestDatabaseKind, { sso: number; codeExchange: number }> = {
  pglite: { sso: 4, codeExchange: 6 },
  postgres: { sso: 4, codeExchange: 6 },
};

describe.each(testDatabaseKinds())("single sign-on into a first-party application (%s)", (kind) => {
  const database = useTestDatabase(kind);
  let server: Awaited<ReturnType<typeof startServer>>;
  let app: { clientId: string; secret: string; rp: client.Configuration };
  let userCount = 0;

  beforeAll(async () => {
    server = await startServer();
    const { application, clientSecret } = await createApplication({ name: "SSO app", app_type: "regular_web", callbacks: [CALLBACK] });
    const rp = await client.discovery(new URL(server.issuer), application.id, undefined, client.ClientSecretPost(clientSecret!), { execute: [client.allowInsecureRequests] });
    app = { clientId: application.id, secret: clientSecret!, rp };
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A user signed in to Rekey who signed in to the application once already (the grant exists). */
  async function returningUser() {
    const user = await createUser({ email: `sso-${kind}-${++userCount}@example.com`, password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const first = await authorize(browser);
    if (!("stoppedAt" in first.result)) throw new Error(`the first sign-in stopped at ${first.result.url.href}`);
    return { user, browser };
  }

  async function authorize(browser: TestBrowser, extra: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(app.rp, {
      redirect_uri: CALLBACK,
      scope: "openid profile email offline_access",
      state: client.randomState(),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      ...extra,
    });
    const before = browser.requested.length;
    const result = await browser.follow(url, CALLBACK);
    return { result, verifier, paths: browser.requested.slice(before).map((u) => u.pathname.replace(/\/(interaction|authorize)\/[\w-]+/, "/$1/<uid>")) };
  }

  const codeOf = (result: Awaited<ReturnType<typeof authorize>>["result"]) => ("stoppedAt" in result ? result.stoppedAt.searchParams.get("code") : null);

  async function exchange(code: string, verifier: string) {
    const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier, client_id: app.clientId, client_secret: app.secret });
    const response = await fetch(`${server.origin}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  const grantOf = async (code: string) => (await server.provider().AuthorizationCode.find(code))?.grantId;

  it("is one request, and it and its code exchange send no more statements than measured", async () => {
    const { browser } = await returningUser();
    const log = recordStatements(database.db());
    try {
      const sso = await authorize(browser);
      const ssoStatements = log.statements.map((s) => statementLabel(s));
      const ssoCalls = log.calls;
      const code = codeOf(sso.result);
      expect(code).toMatch(/^[\w-]{43}$/);
      expect(sso.paths).toEqual(["/authorize"]);
      log.reset();
      const tokens = await exchange(code!, sso.verifier);
      expect(tokens.status).toBe(200);
      expect(tokens.json).toMatchObject({ id_token: expect.any(String), refresh_token: expect.any(String) });
      expect(ssoCalls, ssoStatements.join("\n")).toBeLessThanOrEqual(MAX_STATEMENTS[kind].sso);
      // What revocation rests on is still read from the database in this very request: the Rekey
      // session (live, joined with its user: the user's session version, not blocked) and the grant.
      expect(ssoStatements.some((s) => /^SELECT COUNT\(\*\).* FROM \(SELECT "[\w.]+"\."sessions"/.test(s)), ssoStatements.join("\n")).toBe(true);
      expect(ssoStatements.some((s) => s.startsWith("[Grant] SELECT"))).toBe(true);
      expect(log.calls, log.statements.map((s) => statementLabel(s)).join("\n")).toBeLessThanOrEqual(MAX_STATEMENTS[kind].codeExchange);
    } finally {
      log.stop();
    }
  });

  it("does not reuse a grant that was revoked (its row deleted, as by another instance): a new grant", async () => {
    const { browser } = await returningUser();
    const sso = await authorize(browser);
    const revoked = await grantOf(codeOf(sso.result)!);
    await (await prisma()).oidcPayload.deleteMany({ where: { model: "Grant", id: revoked! } });
    const again = await authorize(browser);
    const code = codeOf(again.result);
    expect(code).toMatch(/^[\w-]{43}$/);
    expect(await grantOf(code!)).not.toBe(revoked);
    expect((await exchange(code!, again.verifier)).status).toBe(200);
  });

  it("ends at once with a password change: the next round trip asks for a sign-in", async () => {
    const { user, browser } = await returningUser();
    expect(codeOf((await authorize(browser)).result)).toBeTruthy();
    await setUserPassword({ userId: user.id, newPassword: "Another-Lantern-Harbor-59", reason: "admin", ctx: testRequestContext(), actor: "test" });
    const { result } = await authorize(browser);
    expect("page" in result && result.url.pathname).toBe("/login");
  });

  it("ends at once when the user is blocked: the next round trip asks for a sign-in", async () => {
    const { user, browser } = await returningUser();
    await setUserBlocked(user.id, true, { id: "admin-test" }, testRequestContext());
    const { result } = await authorize(browser);
    expect("page" in result && result.url.pathname).toBe("/login");
  });

  it("still goes through the consent step when the application asks prompt=consent itself", async () => {
    const { browser } = await returningUser();
    const { result, paths } = await authorize(browser, { prompt: "consent" });
    expect(codeOf(result)).toMatch(/^[\w-]{43}$/);
    expect(paths).toEqual(["/authorize", "/interaction/<uid>", "/authorize/<uid>"]);
  });
});
