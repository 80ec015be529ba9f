import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { seeOtherAfterPost } from "./see-other";

// Regression: a page that redirected while answering a form posted without JavaScript (a 307) made
// the browser post the form again to the new page, where its server action does not exist.
describe("a redirect answering a POST is a 303", () => {
  const server = http.createServer((req, res) => {
    seeOtherAfterPost(req, res);
    if (req.url === "/implicit") {
      res.statusCode = 307;
      res.setHeader("location", "/next");
      res.end();
    } else {
      res.writeHead(Number(req.url!.slice(1)), { location: "/next" }).end();
    }
  });
  const base = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const status = async (path: string, method: string) => (await fetch(`${await base}${path}`, { method, redirect: "manual" })).status;

  it("turns a POST's 307 into a 303, whether the status is written explicitly or not", async () => {
    expect(await status("/307", "POST")).toBe(303);
    expect(await status("/implicit", "POST")).toBe(303);
  });

  it("leaves every other answer alone", async () => {
    expect(await status("/307", "GET")).toBe(307);
    expect(await status("/308", "POST")).toBe(308);
    expect(await status("/302", "POST")).toBe(302);
    expect(await status("/200", "POST")).toBe(200);
  });
});
