/**
 * A browser as far as the OpenID Provider can tell: a cookie jar that honours Path and Max-Age,
 * and redirects followed one by one, so a test sees each hop (the sign-in page, the consent page,
 * the application's callback).
 */
export class TestBrowser {
  private cookies = new Map<string, { name: string; value: string; path: string }>();
  /** Every URL this browser requested, in order (the round trips of a journey). */
  readonly requested: URL[] = [];

  cookieHeader(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`) || c.path === "/")
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  setCookie(name: string, value: string, path = "/"): void {
    this.cookies.set(`${name};${path}`, { name, value, path });
  }

  /** The value of a cookie, whatever its path. */
  cookie(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  has(name: string): boolean {
    return [...this.cookies.values()].some((c) => c.name === name);
  }

  private store(setCookies: string[], url: URL): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let expired = false;
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=");
        if (k!.toLowerCase() === "path") path = v;
        if (k!.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
        if (k!.toLowerCase() === "expires" && new Date(v).getTime() < Date.now()) expired = true;
      }
      if (expired || value === "") this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  async request(url: URL | string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response & { url: string }> {
    const target = new URL(url);
    this.requested.push(target);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(target, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body: init.form ? new URLSearchParams(init.form) : undefined, redirect: "manual" });
    this.store(response.headers.getSetCookie(), target);
    Object.defineProperty(response, "url", { value: target.href });
    return response as Response & { url: string };
  }

  /**
   * Follows redirects from `url` until one leaves for `stopAt` (an application's callback), or a
   * page answers; returns that URL or the page's response.
   */
  async follow(url: URL | string, stopAt: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<{ stoppedAt: URL } | { page: Response; url: URL }> {
    let next = new URL(url);
    let options = init;
    for (let hop = 0; hop < 20; hop++) {
      if (next.href.startsWith(stopAt)) return { stoppedAt: next };
      const response = await this.request(next, options);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        options = {};
        continue;
      }
      return { page: response, url: next };
    }
    throw new Error("too many redirects");
  }
}
