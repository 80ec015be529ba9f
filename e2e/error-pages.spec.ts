import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { serverActionsOfBuild } from "../e2e-production/fixtures/hostile";
import { signUp } from "./fixtures/users";

const SERVER_LOG = path.resolve(import.meta.dirname, "../test-results/server.log");
const serverLog = () => fs.readFileSync(SERVER_LOG, "utf8");

function action(file: string, exportedName: string) {
  const found = serverActionsOfBuild().find((a) => a.file === file && a.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${file}#${exportedName} in the build`);
  return found;
}

/** A POST with the headers exactly as given (fetch would not let a test choose the Host). */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on("error", reject).end(body);
  });
}

/** A form as React's client posts a server action: the fields under `_1_`, part 0 the arguments. */
function fetchActionBody(fields: Record<string, string>, boundary = "----rekey-test-boundary") {
  const parts = [...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v]), ["0", JSON.stringify([{ ok: false }, "$K1"])]];
  const body = parts.map(([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

test("an unknown address shows our own page, with a 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator(".brand")).toContainText("Rekey");
  await expect(page.getByRole("link", { name: "Reset your password" })).toBeVisible();
});

// Regression (issue 11, item 12): a real server action id posted to a page that does not use it made
// Next.js forward the call to itself; the aborted forward was an uncaughtException every time.
test("a server action posted to another page is refused with the error envelope, and the server does not crash", async ({ baseURL }) => {
  const reset = action("app/reset/form-actions.ts", "requestResetAction");
  const logBefore = serverLog().length;
  const { body, contentType } = fetchActionBody({ identifier: "someone@example.com" });
  // The Host a reverse proxy passes on is not the address the server listens on.
  const headers = { host: "rekey.example", origin: "http://rekey.example", "next-action": reset.id, accept: "text/x-component", "content-type": contentType };
  for (const pathname of ["/signup", "/login", "/reset/password"]) {
    const sent = await rawPost(`${baseURL}${pathname}`, headers, body);
    expect(sent.status, pathname).toBe(409);
    expect(JSON.parse(sent.text)).toMatchObject({ error: { code: "ACTION_UNAVAILABLE", message: expect.any(String) } });
  }
  // The same call on its own page still runs (it redirects to "check your email").
  const own = await rawPost(`${baseURL}/reset`, { ...headers, host: new URL(baseURL!).host, origin: baseURL! }, body);
  expect(own.status).toBe(200);
  expect(String(own.headers["x-action-redirect"])).toContain("/reset/sent");
  await expect.poll(() => serverLog().slice(logBefore)).not.toContain("uncaughtException");
  expect(serverLog().slice(logBefore)).not.toContain("failed to forward action");
});

// Regression (issue 11, item 14): the reset pages' no-JS forms were posted with Origin: null, which
// the guard passed to Next.js, which answered 500. No page makes such a post now; it is refused.
test("a form posted without JavaScript but with Origin: null is refused with a 403, not run", async ({ page, baseURL }) => {
  const reset = action("app/reset/form-actions.ts", "requestResetAction");
  const fields = {
    $ACTION_REF_1: "",
    "$ACTION_1:0": JSON.stringify({ id: reset.id, bound: "$@1" }),
    "$ACTION_1:1": JSON.stringify([{ ok: false }]),
    identifier: "someone@example.com",
  };
  const nullOrigins: Record<string, string>[] = [{ origin: "null", "sec-fetch-site": "same-origin" }, { origin: "null" }, { origin: "null", "sec-fetch-site": "cross-site" }];
  for (const headers of nullOrigins) {
    const response = await page.request.post(`${baseURL}/reset`, { headers, multipart: fields, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "CSRF_FAILED" } });
  }
  // From our origin, the same form runs.
  const own = await page.request.post(`${baseURL}/reset`, { headers: { origin: baseURL!, "sec-fetch-site": "same-origin" }, multipart: fields, maxRedirects: 0 });
  expect(own.status()).toBe(303);
  expect(own.headers().location).toContain("/reset/sent");
});

// Regression (issue 11, item 12): a next-auth.callback-url cookie it cannot parse made /account,
// /login and /admin answer 500.
test("a malformed return-address cookie is ignored: the pages answer as usual and the cookie is deleted", async ({ page, context, baseURL }) => {
  const { email } = await signUp(page);
  for (const value of ["%00", "%E0%A4%A", "javascript%3Aalert(1)", "http%3A%2F%2F%5B"]) {
    await context.addCookies([{ name: "next-auth.callback-url", value, url: baseURL! }]);
    const account = await page.goto("/account");
    expect(account?.status(), value).toBe(200);
    await expect(page.getByText(email).first()).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === "next-auth.callback-url"), value).toBe(false);
    for (const pathname of ["/login", "/admin"]) {
      const response = await page.request.get(pathname, { headers: { cookie: `next-auth.callback-url=${value}` }, maxRedirects: 0 });
      expect(response.status(), `${pathname} ${value}`).toBeLessThan(400);
    }
  }
});
