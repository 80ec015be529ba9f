import { decodeProtectedHeader } from "jose";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { createApplication, deleteApplication, openApplicationSecret, redirectUrlProblem, rotateApplicationSecret, updateApplication } from "@/lib/applications";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { createAdapterClass, sweepExpiredOidcRows } from "./adapter";
import { ensureSigningKeys, listSigningKeys, loadSigningJwks, rotateSigningKeys, signWithTenantKey, SIGNING_KEYS_CACHE_MS } from "./keys";
import { cachedClientMetadata, CLIENT_CACHE_MS, findClientMetadata } from "./clients";
import { oidcSweepJob, oidcSweepJobHandler, scheduleOidcSweep } from "./sweep";

const Adapter = createAdapterClass(async (id) => (id === "static" ? { client_id: "static" } : undefined));

describe.each(testDatabaseKinds())("OpenID Provider storage (%s)", (kind) => {
  useTestDatabase(kind);

  describe("adapter", () => {
    it("stores a model by id, and keeps models apart", async () => {
      const codes = new Adapter("AuthorizationCode");
      await codes.upsert("a1", { grantId: "g1", uid: "u1", accountId: "x" }, 60);
      await codes.upsert("a1", { grantId: "g1", uid: "u1", accountId: "y" }, 60);
      expect(await codes.find("a1")).toEqual({ grantId: "g1", uid: "u1", accountId: "y" });
      expect(await new Adapter("AccessToken").find("a1")).toBe(undefined);
      expect(await codes.findByUid("u1")).toMatchObject({ accountId: "y" });
      await codes.upsert("a2", { userCode: "ABCD-EFGH" }, 60);
      expect(await codes.findByUserCode("ABCD-EFGH")).toEqual({ userCode: "ABCD-EFGH" });
    });

    it("spends a code once: a second consume (a replay racing the first) is invalid_grant and ends every token of the grant", async () => {
      const codes = new Adapter("AuthorizationCode");
      const tokens = new Adapter("AccessToken");
      await codes.upsert("c1", { grantId: "g-race", accountId: "x" }, 60);
      await tokens.upsert("t1", { grantId: "g-race", accountId: "x" }, 60);
      await codes.upsert("c2", { grantId: "g-other", accountId: "x" }, 60);
      await codes.consume("c1");
      expect(await codes.find("c1")).toMatchObject({ consumed: expect.any(Number) });
      await expect(codes.consume("c1")).rejects.toMatchObject({ error: "invalid_grant", error_detail: "authorization code already used" });
      expect(await codes.find("c1")).toBe(undefined);
      expect(await tokens.find("t1")).toBe(undefined);
      expect(await codes.find("c2")).toMatchObject({ grantId: "g-other" });
      // Two at once: exactly one wins.
      await codes.upsert("c3", { grantId: "g-both", accountId: "x" }, 60);
      const results = await Promise.allSettled([codes.consume("c3"), codes.consume("c3")]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      await expect(new Adapter("RefreshToken").consume("never-stored")).rejects.toMatchObject({ error: "invalid_grant" });
    });

    it("hides expired rows at once, and the sweep deletes them", async () => {
      const sessions = new Adapter("Session");
      await sessions.upsert("old", { uid: "old-uid", accountId: "auth0|old" }, 60);
      await sessions.upsert("new", { uid: "new-uid", accountId: "auth0|new" }, 60);
      const db = await prisma();
      await db.oidcPayload.update({ where: { model_id: { model: "Session", id: "old" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await sessions.find("old")).toBe(undefined);
      expect(await sessions.findByUid("old-uid")).toBe(undefined);
      expect(await sweepExpiredOidcRows()).toBeGreaterThanOrEqual(1);
      expect(await db.oidcPayload.count({ where: { model: "Session", id: "old" } })).toBe(0);
      expect(await sessions.find("new")).toEqual({ uid: "new-uid", accountId: "auth0|new" });
    });

    // Regression (production storm): every refused request with the signed cookie of a session that
    // was gone wrote a new, empty session row.
    it("keeps no empty session: no account, no logout state, no application; one that becomes empty is removed", async () => {
      const sessions = new Adapter("Session");
      const db = await prisma();
      await sessions.upsert("empty", { uid: "u-empty", jti: "empty", kind: "Session", authorizations: {} }, 60);
      expect(await db.oidcPayload.count({ where: { model: "Session", id: "empty" } })).toBe(0);
      await sessions.upsert("logout", { uid: "u-logout", state: { secret: "x" } }, 60);
      await sessions.upsert("signed-in", { uid: "u-in", accountId: "auth0|a", authorizations: { app: { sid: "s" } } }, 60);
      expect(await sessions.find("logout")).toMatchObject({ state: { secret: "x" } });
      expect(await sessions.find("signed-in")).toMatchObject({ accountId: "auth0|a" });
      await sessions.upsert("logout", { uid: "u-logout" }, 60);
      expect(await sessions.find("logout")).toBe(undefined);
      // Other models are kept whatever they hold.
      await new Adapter("Interaction").upsert("i", {}, 60);
      expect(await new Adapter("Interaction").find("i")).toEqual({});
    });

    // Regression (production storm): POST /userinfo with access_token=%00 answered 500 on PostgreSQL.
    it("finds nothing, and changes nothing, for an id with a NUL in it", async () => {
      const tokens = new Adapter("AccessToken");
      await tokens.upsert("t1", { grantId: "g-nul", uid: "u-nul" }, 60);
      expect(await tokens.find("t1\u0000")).toBe(undefined);
      expect(await tokens.findByUid("u\u0000")).toBe(undefined);
      expect(await tokens.findByUserCode("\u0000")).toBe(undefined);
      await tokens.consume("t1\u0000");
      await tokens.destroy("\u0000");
      await tokens.revokeByGrantId("g-nul\u0000");
      expect(await tokens.find("t1")).toEqual({ grantId: "g-nul", uid: "u-nul" });
    });

    it("marks a consumed row with the time it was consumed", async () => {
      const tokens = new Adapter("RefreshToken");
      await tokens.upsert("r1", { grantId: "g2" }, 60);
      await tokens.consume("r1");
      const found = await tokens.find("r1");
      expect(typeof found?.consumed).toBe("number");
    });

    it("revokes every model of a grant and nothing else", async () => {
      await new Adapter("AccessToken").upsert("at", { grantId: "g3" }, 60);
      await new Adapter("RefreshToken").upsert("rt", { grantId: "g3" }, 60);
      await new Adapter("RefreshToken").upsert("other", { grantId: "g4" }, 60);
      await new Adapter("AccessToken").revokeByGrantId("g3");
      expect(await new Adapter("AccessToken").find("at")).toBe(undefined);
      expect(await new Adapter("RefreshToken").find("rt")).toBe(undefined);
      expect(await new Adapter("RefreshToken").find("other")).toEqual({ grantId: "g4" });
    });

    it("answers Client from the client source, never from the generic table", async () => {
      expect(await new Adapter("Client").find("static")).toEqual({ client_id: "static" });
      await new Adapter("Client").upsert("stored", { client_id: "stored" }, 0);
      expect(await new Adapter("Client").find("stored")).toBe(undefined);
    });
  });

  it("keeps exactly one sweep pending, and a sweep schedules the next", async () => {
    const db = await prisma();
    await db.job.deleteMany({ where: { type: oidcSweepJob.type } });
    expect(await scheduleOidcSweep(0)).toBe(true);
    expect(await scheduleOidcSweep(0)).toBe(false);
    await db.job.updateMany({ where: { type: oidcSweepJob.type }, data: { status: "running" } });
    await oidcSweepJobHandler({ id: "j", type: oidcSweepJob.type, payload: {}, attempt: 1, maxAttempts: 5, signal: new AbortController().signal });
    const pending = await db.job.findMany({ where: { type: oidcSweepJob.type, status: "pending" } });
    expect(pending.length).toBe(1);
    expect(pending[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  describe("signing keys", () => {
    it("generates RS256, ES256 and EdDSA once, sealed at rest", async () => {
      expect((await ensureSigningKeys()).generated).toEqual(["RS256", "ES256", "EdDSA"]);
      expect((await ensureSigningKeys()).generated).toEqual([]);
      const db = await prisma();
      for (const row of await db.signingKey.findMany()) {
        expect(row.sealedJwk.startsWith("v1.")).toBe(true);
        expect(row.sealedJwk).not.toContain('"d"');
      }
      const jwks = await loadSigningJwks();
      expect(jwks.map((k) => k.alg)).toEqual(expect.arrayContaining(["RS256", "ES256", "EdDSA"]));
      for (const jwk of jwks) expect(typeof jwk.d).toBe("string");
    });

    it("rotates in two steps: publish next keys (still signing with the active ones), then promote", async () => {
      await ensureSigningKeys();
      const before = await loadSigningJwks();
      const activeRs = before.find((k) => k.alg === "RS256")!.kid;
      const published = await rotateSigningKeys();
      expect(published.step).toBe("published");
      const afterPublish = await loadSigningJwks();
      // The provider signs with the first key of an algorithm: still the active one.
      expect(afterPublish.find((k) => k.alg === "RS256")!.kid).toBe(activeRs);
      expect(afterPublish.map((k) => k.kid)).toEqual(expect.arrayContaining(published.kids));
      const promoted = await rotateSigningKeys();
      expect(promoted.step).toBe("promoted");
      const afterPromote = await loadSigningJwks();
      expect(published.kids).toContain(afterPromote.find((k) => k.alg === "RS256")!.kid);
      // The old key stays published (retired) so tokens it signed still verify.
      expect((await listSigningKeys()).find((k) => k.kid === activeRs)!.status).toBe("retired");
      expect(afterPromote.map((k) => k.kid)).toContain(activeRs);
    });

    const kidOfNextToken = async () => decodeProtectedHeader(await signWithTenantKey({ sub: "m2m" }, "RS256")).kid;

    it("signs machine tokens from a short cache that a rotation in this process ends at once", async () => {
      await ensureSigningKeys();
      const active = (await loadSigningJwks()).find((k) => k.alg === "RS256")!.kid;
      expect(await kidOfNextToken()).toBe(active);
      const published = await rotateSigningKeys();
      // Published only: every instance must serve the next key before one signs with it.
      expect(await kidOfNextToken()).toBe(active);
      await rotateSigningKeys();
      const promoted = await kidOfNextToken();
      expect(promoted).not.toBe(active);
      expect(published.kids).toContain(promoted);
    });

    it("sees a key promoted by another process (straight in the database) once the cache's bound passed", async () => {
      await ensureSigningKeys();
      const { kids } = await rotateSigningKeys();
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      try {
        const active = await kidOfNextToken();
        // What `npm run keys -- rotate` does from its own process: this one's counter does not move.
        const db = await prisma();
        await db.signingKey.updateMany({ where: { status: "active" }, data: { status: "retired", retiredAt: new Date() } });
        await db.signingKey.updateMany({ where: { status: "next" }, data: { status: "active", promotedAt: new Date() } });
        expect(await kidOfNextToken()).toBe(active);
        vi.advanceTimersByTime(SIGNING_KEYS_CACHE_MS);
        const promoted = await kidOfNextToken();
        expect(promoted).not.toBe(active);
        expect(kids).toContain(promoted);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe("applications", () => {
    it("shows the secret once and keeps it sealed; rotation replaces it", async () => {
      const { application, clientSecret } = await createApplication({ name: "Sealed", app_type: "regular_web", callbacks: ["https://app.example/cb"] });
      expect(typeof clientSecret).toBe("string");
      expect(application.sealedSecret).not.toContain(clientSecret!);
      expect(openApplicationSecret(application)).toBe(clientSecret);
      const { clientSecret: rotated } = await rotateApplicationSecret(application.id);
      expect(rotated).not.toBe(clientSecret);
      expect((await findClientMetadata(application.id))!.client_secret).toBe(rotated);
    });

    it("has no secret for public clients, and machine-only applications are no OpenID clients", async () => {
      const spa = await createApplication({ name: "SPA", app_type: "spa", callbacks: ["https://spa.example/cb"] });
      expect(spa.clientSecret).toBe(null);
      expect((await findClientMetadata(spa.application.id))!.token_endpoint_auth_method).toBe("none");
      const m2m = await createApplication({ name: "M2M", app_type: "non_interactive" });
      expect(await findClientMetadata(m2m.application.id)).toBe(undefined);
    });

    // Regression: a client secret sealed under another AUTH_SECRET made /authorize answer 500.
    it("treats an application whose secret does not open as unknown, not as a server error", async () => {
      const { application } = await createApplication({ name: "Foreign", app_type: "regular_web", callbacks: ["https://app.example/cb"] });
      const db = await prisma();
      await db.application.update({ where: { id: application.id }, data: { sealedSecret: application.sealedSecret!.replace(/^v1\.[^.]+/, "v1.AAAAAAAAAAAAAAAA") } });
      expect(await findClientMetadata(application.id)).toBe(undefined);
    });

    it("serves the provider's clients from a short cache that a change in this process ends at once", async () => {
      const { application, clientSecret } = await createApplication({ name: "Cached", app_type: "regular_web", callbacks: ["https://app.example/cb"] });
      expect((await cachedClientMetadata(application.id))!.client_secret).toBe(clientSecret);
      const { clientSecret: rotated } = await rotateApplicationSecret(application.id);
      expect((await cachedClientMetadata(application.id))!.client_secret).toBe(rotated);
      await updateApplication(application.id, { callbacks: ["https://app.example/other"] });
      expect((await cachedClientMetadata(application.id))!.redirect_uris).toEqual(["https://app.example/other"]);
      await deleteApplication(application.id);
      expect(await cachedClientMetadata(application.id)).toBe(undefined);
    });

    it("sees a change made by another instance (straight in the database) once the cache's bound passed", async () => {
      const { application } = await createApplication({ name: "Elsewhere", app_type: "regular_web", callbacks: ["https://app.example/cb"] });
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      try {
        const first = await cachedClientMetadata(application.id);
        const db = await prisma();
        await db.application.update({ where: { id: application.id }, data: { name: "Renamed elsewhere" } });
        expect((await cachedClientMetadata(application.id))!.client_name).toBe(first!.client_name);
        vi.advanceTimersByTime(CLIENT_CACHE_MS);
        expect((await cachedClientMetadata(application.id))!.client_name).toBe("Renamed elsewhere");
      } finally {
        vi.useRealTimers();
      }
    });

    it("refuses bad callback URLs with a field error", async () => {
      await expect(createApplication({ name: "Bad", app_type: "regular_web", callbacks: ["javascript:alert(1)"] })).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { "callbacks.0": expect.any(String) } });
      await expect(createApplication({ name: "Bad", app_type: "regular_web", callbacks: ["https://app.example/cb#frag"] })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    });
  });
});

describe("redirect URL rules", () => {
  it("requires https in production except on loopback, and allows a native app's own scheme", () => {
    const prod = { production: true, appType: "regular_web" as const };
    expect(redirectUrlProblem("https://app.example/cb", prod)).toBe(null);
    expect(redirectUrlProblem("http://localhost:3001/cb", prod)).toBe(null);
    expect(redirectUrlProblem("http://127.0.0.1:3001/cb", prod)).toBe(null);
    expect(redirectUrlProblem("http://app.example/cb", prod)).toBe("must use https (http only on loopback)");
    expect(redirectUrlProblem("http://app.example/cb", { production: false, appType: "regular_web" })).toBe(null);
    expect(redirectUrlProblem("com.example.app:/cb", { production: true, appType: "native" })).toBe(null);
    expect(redirectUrlProblem("com.example.app:/cb", prod)).toBe("must be an http(s) URL");
    expect(redirectUrlProblem("https://user:pw@app.example/cb", prod)).toBe("must not carry credentials");
  });
});
