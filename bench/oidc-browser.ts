// A browser for the OpenID Provider bench that records every request it sends, so the floor can
// replay them (bench/oidc-floor.ts).
import { TestBrowser } from "@/lib/oidc/testing/browser";
import type { Sent } from "./oidc-floor";

export class RecordingBrowser extends TestBrowser {
  private sent: Sent[] = [];
  constructor(
    private readonly base: string,
    private readonly ip: string,
    /** The application's callback: a walk stops at the redirect there (nothing listens). */
    private readonly callback: string,
  ) {
    super();
  }

  /**
   * Follows redirects from `url` (a form first, when given) until the application's callback and
   * returns that URL, or returns the sign-in page's URL when a walk stops there.
   */
  async walk(url: URL | string, form?: Record<string, string>): Promise<URL> {
    let next = new URL(url, this.base);
    let body = form;
    for (let hop = 0; hop < 20; hop++) {
      if (next.href.startsWith(this.callback)) return next;
      const headers: Record<string, string> = { "x-forwarded-for": this.ip, ...(body ? { origin: this.base } : {}) };
      const cookie = this.cookieHeader(next);
      this.sent.push({ method: body ? "POST" : "GET", path: `${next.pathname}${next.search}`, headers: { ...headers, ...(cookie ? { cookie } : {}), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) }, body: body ? new URLSearchParams(body).toString() : undefined });
      const response = await this.request(next, { form: body, headers });
      const location = response.headers.get("location");
      await response.arrayBuffer();
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        body = undefined;
        continue;
      }
      if (next.pathname === "/login") return next;
      throw new Error(`the sign-in stopped at ${next.pathname} (${response.status})`);
    }
    throw new Error("too many redirects");
  }

  /** The requests sent since the last call. */
  takeSent(): Sent[] {
    const sent = this.sent;
    this.sent = [];
    return sent;
  }
}
