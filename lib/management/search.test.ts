// `q` searches take `%`, `_` and `\` literally (issue 11, item 13).
import { beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { searchUsers } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { API_BASE, callRoute as call, createTestUser as newUser, tokenFor } from "@/lib/testing/management-api";
import * as usersRoute from "@/app/api/v2/users/route";

describe.each(testDatabaseKinds())("user search on %s", (kind) => {
  useTestDatabase(kind);

  beforeAll(() => {
    overrideConfig({ PUBLIC_URL: API_BASE });
  });

  describe("LIKE wildcards in searches", () => {
    // Regression: `_` and `%` were LIKE wildcards, so a search for them matched every user.
    it("matches `_`, `%` and `\\` literally in q, in prefixes and in the console's search", async () => {
      const plain = await newUser({ name: "Plain Person" });
      const underscored = await newUser({ name: "Under_score" });
      const percent = await newUser({ name: "Fifty%Off" });
      const backslash = await newUser({ name: "Back\\slash" });
      const reader = await tokenFor(["read:users"]);
      const search = async (q: string) => {
        const res = await call(usersRoute.GET, `/api/v2/users?q=${encodeURIComponent(q)}&per_page=100`, { token: reader.token });
        expect(res.status).toBe(200);
        return (res.json as unknown as Array<{ user_id: string }>).map((u) => u.user_id.replace("auth0|", ""));
      };
      expect(await search("_")).toEqual([underscored.id]);
      expect(await search("%")).toEqual([percent.id]);
      expect(await search("\\")).toEqual([backslash.id]);
      expect(await search('"\\\\"')).toEqual([backslash.id]);
      expect(await search('name:"Under_*"')).toEqual([underscored.id]);
      expect(await search("name:_*")).toEqual([]);
      expect(await search("name:%*")).toEqual([]);
      expect(await search("name:Plain*")).toEqual([plain.id]);

      const inConsole = async (q: string) => (await searchUsers({ q, take: 100 })).items.map((u) => u.id);
      expect(await inConsole("_")).toEqual([underscored.id]);
      expect(await inConsole("%")).toEqual([percent.id]);
      expect(await inConsole("\\")).toEqual([backslash.id]);
      expect((await searchUsers({ q: "%" })).total).toBe(1);
    });
  });
});
