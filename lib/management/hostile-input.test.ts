// Hostile input that answered 5xx (issue 11, item 12): each a 4xx in Auth0's shape now, and the
// failed-exchange log row kept.
import { beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { searchUsers } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { API_BASE, callRoute as call, createTestUser as newUser, expectAuth0Error, tokenFor, uniqueEmail } from "@/lib/testing/management-api";
import * as tokenRoute from "@/app/oauth/token/route";
import * as changePasswordRoute from "@/app/dbconnections/change_password/route";
import * as usersRoute from "@/app/api/v2/users/route";
import * as userRoute from "@/app/api/v2/users/[id]/route";
import * as byEmailRoute from "@/app/api/v2/users-by-email/route";
import * as ticketRoute from "@/app/api/v2/tickets/password-change/route";
import * as logsRoute from "@/app/api/v2/logs/route";
import { MANAGEMENT_SCOPES } from ".";

const CONNECTION = "Username-Password-Authentication";

/** JSON text nested `depth` arrays deep (JSON.stringify itself overflows on 20,000 levels; they fit in 64 KiB). */
function nested(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

describe.each(testDatabaseKinds())("hostile input to the Management API on %s", (kind) => {
  useTestDatabase(kind);

  beforeAll(() => {
    overrideConfig({ PUBLIC_URL: API_BASE });
  });

  describe("hostile input that used to answer 5xx", () => {
    let all: Awaited<ReturnType<typeof tokenFor>>;
    beforeAll(async () => {
      all = await tokenFor(MANAGEMENT_SCOPES);
    });

    // Regression: a NUL in client_id answered 500 and the failed-exchange log row was lost.
    it("refuses a NUL in /oauth/token's fields with 400 and keeps the feccft row", async () => {
      const db = await prisma();
      const cases: Array<[Record<string, string>, Record<string, string>?]> = [
        [{ grant_type: "client_credentials", client_id: "abc\u0000def", client_secret: "x" }],
        [{ grant_type: "client_credentials", client_id: all.clientId, client_secret: all.clientSecret, audience: `${API_BASE}/api/v2/\u0000` }],
        [{ grant_type: "client_credentials\u0000", client_id: all.clientId, client_secret: all.clientSecret }],
        [{ grant_type: "client_credentials", scope: "read:users\u0000" }, { authorization: `Basic ${Buffer.from(`${all.clientId}:${all.clientSecret}`).toString("base64")}` }],
      ];
      for (const [body, headers] of cases) {
        const before = await db.logEvent.count({ where: { type: "feccft" } });
        const json = await call(tokenRoute.POST, "/oauth/token", { body, headers });
        const form = await call(tokenRoute.POST, "/oauth/token", { raw: new URLSearchParams(body).toString(), headers: { ...headers, "content-type": "application/x-www-form-urlencoded" } });
        for (const res of [json, form]) {
          expect(res.status).toBe(400);
          expect(res.json).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/^Invalid parameter: /) });
        }
        expect(await db.logEvent.count({ where: { type: "feccft" } })).toBe(before + 2);
      }
      const row = await db.logEvent.findFirst({ where: { type: "feccft", details: { path: ["client_id"], equals: "abc\ufffddef" } } });
      expect(row?.description).toBe("Invalid parameter: client_id");

      // A NUL in HTTP Basic credentials is an unknown client, logged like one.
      const basic = await call(tokenRoute.POST, "/oauth/token", { body: { grant_type: "client_credentials" }, headers: { authorization: `Basic ${Buffer.from("a%00b:secret").toString("base64")}` } });
      expect(basic.status).toBe(401);
      expect(await db.logEvent.count({ where: { type: "feccft", details: { path: ["client_id"], equals: "a\ufffdb" } } })).toBe(1);
    });

    // Regression: NUL in q, in users-by-email's email and in the PATCH name answered 500.
    it("refuses NUL in every query and body string of the users endpoints with 400", async () => {
      const user = await newUser();
      const before = await prisma().then((db) => db.user.findUniqueOrThrow({ where: { id: user.id } }));
      for (const query of ["q=a%00b", "q=name:%00*", "sort=email%00:1", "connection=x%00", "fields=email%00"]) {
        expectAuth0Error(await call(usersRoute.GET, `/api/v2/users?${query}`, { token: all.token }), 400, "invalid_query_string");
      }
      expectAuth0Error(await call(byEmailRoute.GET, `/api/v2/users-by-email?email=${encodeURIComponent(`${user.email}\u0000`)}`, { token: all.token }), 400, "invalid_query_string");
      expectAuth0Error(await call(logsRoute.GET, "/api/v2/logs?q=type:s%00", { token: all.token }), 400, "invalid_query_string");
      // The console's search: no stored text holds a NUL, so it finds nobody (it was a 500).
      expect(await searchUsers({ q: "a\u0000" })).toEqual({ items: [], total: 0 });

      const patchable = ["name", "given_name", "family_name", "nickname", "email", "client_id", "connection", "picture", "phone_number", "username"];
      for (const field of patchable) {
        const body = { [field]: field === "picture" ? "https://img.example/\u0000.png" : field === "email" ? "a\u0000@example.com" : "x\u0000y" };
        expectAuth0Error(await call(userRoute.PATCH, "/x", { method: "PATCH", token: all.token, body }, { id: user.id }), 400, "invalid_body");
      }
      expectAuth0Error(await call(userRoute.PATCH, "/x", { method: "PATCH", token: all.token, body: { user_metadata: { "k\u0000": 1 } } }, { id: user.id }), 400, "invalid_body");
      expectAuth0Error(await call(userRoute.PATCH, "/x", { method: "PATCH", token: all.token, body: { app_metadata: { k: ["\u0000"] } } }, { id: user.id }), 400, "invalid_body");
      expect(await prisma().then((db) => db.user.findUniqueOrThrow({ where: { id: user.id } }))).toEqual(before);

      const valid = { connection: CONNECTION, email: uniqueEmail("nul"), password: "Hostile-Strong-77" };
      const db = await prisma();
      const users = await db.user.count();
      for (const field of ["name", "given_name", "family_name", "nickname", "email", "connection", "picture", "username", "phone_number"]) {
        const res = await call(usersRoute.POST, "/api/v2/users", { token: all.token, body: { ...valid, [field]: field === "picture" ? "https://img.example/\u0000" : "a\u0000b" } });
        expectAuth0Error(res, 400, "invalid_body");
      }
      // A password is only hashed: a NUL in it is no 5xx.
      const created = await call(usersRoute.POST, "/api/v2/users", { token: all.token, body: { ...valid, password: "Hostile-Strong-77\u0000" } });
      expect(created.status).toBe(201);
      expect(await db.user.count()).toBe(users + 1);

      for (const body of [{ user_id: `auth0|${user.id}\u0000` }, { user_id: `auth0|${user.id}`, result_url: "https://x.example/\u0000" }, { email: `${user.email}\u0000`, connection_id: user.connectionId }]) {
        expectAuth0Error(await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: all.token, body }), 400, "invalid_body");
      }
      const reset = await call(changePasswordRoute.POST, "/dbconnections/change_password", { body: { email: "a@example.com", connection: `${CONNECTION}\u0000` } });
      expect(reset.status).toBe(400);
    });

    // Regression: 20,000-deep JSON in user_metadata answered 500 (a stack overflow).
    it("refuses deep JSON in metadata and in any body with 400, and takes 32 levels", async () => {
      const user = await newUser();
      const deep = nested(20_000);
      const json = (raw: string) => ({ raw, headers: { "content-type": "application/json" } });
      const patch = (raw: string) => call(userRoute.PATCH, "/x", { method: "PATCH", token: all.token, ...json(raw) }, { id: user.id });
      for (const raw of [`{"user_metadata":{"a":${deep}}}`, `{"app_metadata":{"a":${deep}}}`, `{"user_metadata":{"a":${nested(40)}}}`]) {
        expectAuth0Error(await patch(raw), 400, "invalid_body");
      }
      const valid = JSON.stringify({ connection: CONNECTION, email: uniqueEmail("deep"), password: "Hostile-Strong-77" }).slice(0, -1);
      for (const raw of [`${valid},"user_metadata":{"a":${deep}}}`, `${valid},"app_metadata":{"a":${nested(100)}}}`]) {
        expectAuth0Error(await call(usersRoute.POST, "/api/v2/users", { token: all.token, ...json(raw) }), 400, "invalid_body");
      }
      expectAuth0Error(await call(ticketRoute.POST, "/api/v2/tickets/password-change", { token: all.token, ...json(`{"user_id":"${user.id}","x":${deep}}`) }), 400, "invalid_body");
      // The Authentication API takes 16 KiB: 5,000 levels.
      const token = await call(tokenRoute.POST, "/oauth/token", json(`{"grant_type":"client_credentials","x":${nested(5_000)}}`));
      expect(token.json).toEqual({ error: "invalid_request", error_description: "The request body nests deeper than 64 levels." });
      const reset = await call(changePasswordRoute.POST, "/dbconnections/change_password", json(`{"email":"a@example.com","connection":"${CONNECTION}","x":${nested(5_000)}}`));
      expect(reset.status).toBe(400);

      // 31 levels inside the metadata object (32 with it) are accepted.
      const ok = await patch(`{"user_metadata":{"a":${nested(31)}}}`);
      expect(ok.status).toBe(200);
    });
  });
});
