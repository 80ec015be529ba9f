import type { KoaContextWithOIDC } from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication } from "@/lib/applications";
import { config } from "@/lib/config";
import { LOCALE_COOKIE, messagesOf, translator, type Locale } from "@/lib/i18n";
import { testRequestContext } from "@/lib/testing/context";
import { useTestDatabase } from "@/lib/testing/database";
import { createUser, defaultConnection } from "@/lib/users";
import { renderErrorPage } from "./pages";
import { TestBrowser } from "./testing/browser";
import { signedIn, startServer } from "./testing/provider-server";

const CALLBACK = "http://localhost:3001/api/auth/callback/rekey";

// The texts of the provider's pages that must not stay English on a translated page: the
// "provider" namespace and the error codes its pages show, each cut at its placeholders.
const english = messagesOf("en");
const ENGLISH_TEXTS = [...Object.values(english.provider), english.errors.INTERNAL, english.errors.UNAVAILABLE, english.errors.CSRF_FAILED]
  .flatMap((message) => message.split(/\{\w+\}/))
  .map((part) => part.trim())
  .filter((part) => part.length > 3);

/** German through the browser's languages; Arabic through the switcher's cookie, over a German browser. */
const VISITORS: { locale: Locale; dir: "ltr" | "rtl"; acceptLanguage: string; chosen?: Locale }[] = [
  { locale: "de", dir: "ltr", acceptLanguage: "de-DE,de;q=0.9,en;q=0.5" },
  { locale: "ar", dir: "rtl", acceptLanguage: "de-DE,de;q=0.9", chosen: "ar" },
];

function expectPage(html: string, locale: Locale, dir: string, texts: string[]) {
  expect(html).toContain(`<html lang="${locale}" dir="${dir}">`);
  for (const text of texts) expect(html).toContain(text.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;"));
  const left = ENGLISH_TEXTS.filter((text) => html.includes(text));
  expect(left, "English left on the page").toEqual([]);
}

// The pages do not depend on the database kind: PGlite is enough.
describe("the OpenID Provider's own pages speak the visitor's language", () => {
  useTestDatabase("pglite");
  let server: Awaited<ReturnType<typeof startServer>>;
  let clientId: string;
  let user: Awaited<ReturnType<typeof createUser>>;
  const product = () => config().PRODUCT_NAME;

  beforeAll(async () => {
    server = await startServer();
    clientId = (await createApplication({ name: "Web app", app_type: "regular_web", callbacks: [CALLBACK] })).application.id;
    user = await createUser({ email: "pages@example.com", password: "Tulip-Marble-Orbit-42" }, { connection: await defaultConnection(), ctx: testRequestContext() });
  });

  /** /authorize for the web app with `extra` parameters, as `headers` send it. */
  function authorizeUrl(extra: Record<string, string> = {}) {
    const url = new URL("/authorize", server.origin);
    url.search = new URLSearchParams({ client_id: clientId, response_type: "code", scope: "openid", redirect_uri: CALLBACK, ...extra }).toString();
    return url;
  }

  /** A browser signed in to the web app: the provider then has a session, and its logout asks first. */
  async function signedInBrowser() {
    const browser = new TestBrowser();
    await signedIn(browser, user);
    const result = await browser.follow(authorizeUrl(), CALLBACK);
    if (!("stoppedAt" in result)) throw new Error(`stopped at ${result.url.href} (${result.page.status})`);
    return browser;
  }
  afterAll(async () => {
    await server?.close();
  });

  describe.each(VISITORS)("$locale", ({ locale, dir, acceptLanguage, chosen }) => {
    const t = translator(locale);
    const headers = { "accept-language": acceptLanguage };
    /** The visitor's browser: with the switcher's cookie when they chose a language. */
    const visitor = (browser = new TestBrowser()) => {
      if (chosen) browser.setCookie(LOCALE_COOKIE, chosen);
      return browser;
    };

    it("the error page for an unknown application", async () => {
      const response = await visitor().request(authorizeUrl({ client_id: "no-such-app" }), { headers });
      expect(response.status).toBe(400);
      const html = await response.text();
      expectPage(html, locale, dir, [t("provider.errorTitle")]);
      expect(html).toContain("<code>invalid_client</code>");
    });

    it("the logout confirmation with its buttons, then the signed-out page", async () => {
      const browser = visitor(await signedInBrowser());
      const confirm = await browser.request(new URL(`/oidc/logout?client_id=${clientId}`, server.origin), { headers });
      expect(confirm.status).toBe(200);
      const html = await confirm.text();
      expectPage(html, locale, dir, [t("provider.logoutTitle"), t("provider.logoutAsked", { name: "Web app", product: product() }), t("provider.signOut"), t("provider.staySignedIn")]);

      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
      const action = /action="([^"]+)"/.exec(html)![1]!;
      const confirmed = await browser.request(new URL(action, server.origin), { form: { xsrf, logout: "yes" }, headers });
      expect(confirmed.status).toBe(303);
      const done = await browser.request(new URL(confirmed.headers.get("location")!, server.origin), { headers });
      expect(done.status).toBe(200);
      expectPage(await done.text(), locale, dir, [t("provider.signedOutTitle"), t("provider.signedOutText")]);
    });

    it("the logout question without an application", async () => {
      const response = await visitor(await signedInBrowser()).request(new URL("/oidc/logout", server.origin), { headers });
      expectPage(await response.text(), locale, dir, [t("provider.logoutQuestion", { product: product() })]);
    });

    it("the interaction's own pages: expired, wrong method, form from another site", async () => {
      const browser = visitor();
      const expired = await browser.request(new URL("/interaction/gone", server.origin), { headers });
      expect(expired.status).toBe(400);
      expectPage(await expired.text(), locale, dir, [t("provider.expiredTitle"), t("provider.signInAgain")]);

      const wrongMethod = await browser.request(new URL("/interaction/gone", server.origin), { form: {}, headers });
      expect(wrongMethod.status).toBe(405);
      expectPage(await wrongMethod.text(), locale, dir, [t("provider.notAllowedTitle"), t("provider.useSignInPage")]);

      const forged = await browser.request(new URL("/interaction/gone/confirm", server.origin), { form: {}, headers: { ...headers, origin: "https://evil.example" } });
      expect(forged.status).toBe(403);
      expectPage(await forged.text(), locale, dir, [t("provider.formExpiredTitle"), t("errors.CSRF_FAILED")]);
    });

    it("our words for the provider's own failure and for a database that cannot be reached", async () => {
      const cookieHeaders = { ...headers, ...(chosen ? { cookie: `${LOCALE_COOKIE}=${chosen}` } : {}) };
      const failed = fakeContext(cookieHeaders);
      await renderErrorPage(failed.ctx, { error: "server_error", error_description: "oops: a stack" });
      expect(failed.ctx.status).toBe(500);
      expectPage(failed.ctx.body as string, locale, dir, [t("provider.errorTitle"), t("errors.INTERNAL")]);
      expect(failed.ctx.body).not.toContain("oops");

      const unreachable = fakeContext(cookieHeaders);
      await renderErrorPage(unreachable.ctx, { error: "server_error" }, Object.assign(new Error("down"), { code: "P1001" }));
      expect(unreachable.ctx.status).toBe(503);
      expect(unreachable.set).toContainEqual(["Retry-After", "30"]);
      expectPage(unreachable.ctx.body as string, locale, dir, [t("provider.errorTitle"), t("errors.UNAVAILABLE")]);
    });
  });

  it("the application's ui_locales come before the cookie and the browser's languages", async () => {
    const url = authorizeUrl({ client_id: "no-such-app", ui_locales: "tlh he ar" });
    const response = await new TestBrowser().request(url, { headers: { "accept-language": "de", cookie: `${LOCALE_COOKIE}=fr` } });
    expectPage(await response.text(), "he", "rtl", [translator("he")("provider.errorTitle")]);
  });

  it("keeps the provider's own error description as it said it", async () => {
    const response = await new TestBrowser().request(authorizeUrl({ redirect_uri: "https://evil.example/cb" }), { headers: { "accept-language": "de" } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain(translator("de")("provider.errorTitle"));
    expect(html).toContain("redirect_uri did not match");
    expect(html).toContain("<code>invalid_redirect_uri</code>");
  });

  it("speaks the tenant's DEFAULT_LOCALE to a browser that asks for nothing we have", async () => {
    const response = await new TestBrowser().request(new URL("/interaction/gone", server.origin), { headers: { "accept-language": "sw, tlh;q=0.5" } });
    expect(await response.text()).toContain(`<html lang="${config().DEFAULT_LOCALE}" dir="ltr">`);
  });
});

/** The part of koa's context renderErrorPage uses, recording what it sets. */
function fakeContext(headers: Record<string, string>) {
  const set: [string, string][] = [];
  const ctx = { req: { headers }, oidc: { params: {} }, status: 500, type: "", body: undefined as unknown, set: (name: string, value: string) => set.push([name, value]) };
  return { ctx: ctx as unknown as KoaContextWithOIDC, set };
}
