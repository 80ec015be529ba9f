import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionPagesFromManifest, assertActionOnPage, loadActionPages } from "./server-action-pages";

const MANIFEST = {
  node: {
    "60aa": { workers: { "app/reset/page": {} } },
    "60bb": { workers: { "app/admin/page": {}, "app/admin/users/[id]/page": {} } },
    "60cc": { workers: { "app/page": {}, "app/(marketing)/docs/[...slug]/page": {}, "app/help/[[...topic]]/page": {} } },
  },
};

// Regression: a real action id posted to another page made Next.js forward it to itself, and the
// aborted forward was an uncaughtException in the server each time.
describe("server actions are run only on the pages that use them", () => {
  const pages = actionPagesFromManifest(MANIFEST);
  const refused = (id: string, pathname: string) => {
    try {
      assertActionOnPage(id, pathname, pages);
      return undefined;
    } catch (error) {
      return (error as { code?: string; status?: number }).code;
    }
  };

  it("lets an action run on its own pages, dynamic segments included", () => {
    expect(refused("60aa", "/reset")).toBe(undefined);
    expect(refused("60bb", "/admin")).toBe(undefined);
    expect(refused("60bb", "/admin/users/0f3c9a")).toBe(undefined);
    expect(refused("60cc", "/")).toBe(undefined);
    expect(refused("60cc", "/docs/a/b")).toBe(undefined);
    expect(refused("60cc", "/help")).toBe(undefined);
    expect(refused("60cc", "/help/x/y")).toBe(undefined);
  });

  it("refuses it on any other page with a 409", () => {
    for (const [id, pathname] of [["60aa", "/signup"], ["60aa", "/reset/sent"], ["60aa", "/resetx"], ["60bb", "/admin/users"], ["60bb", "/admin/users/a/b"], ["60cc", "/docs"], ["60cc", "/x"]] as const) {
      expect(refused(id, pathname), `${id} on ${pathname}`).toBe("ACTION_UNAVAILABLE");
    }
  });

  it("leaves an id no page knows to Next.js, and a missing build to no check", () => {
    expect(refused("ffff", "/reset")).toBe(undefined);
    expect(loadActionPages(fs.mkdtempSync(path.join(os.tmpdir(), "rekey-no-build-")))).toBe(undefined);
  });
});
