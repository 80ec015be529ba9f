import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { stampClientIp } from "@/lib/http";

// `never` lets every route's own params type through; the server hands each the params it matched.
type Handler = (request: Request, context: { params: Promise<never> }) => Response | Promise<Response>;
/** A route module of app/ as Next loads it: one export per HTTP method. */
export type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

/**
 * Serves app/ route handlers over real HTTP(S) in the test process, with Next's path patterns
 * (`[id]`, `[...path]`), first match wins. The handlers are the very functions Next runs; what
 * this leaves out is Next itself (pages, server actions), which the e2e journeys cover.
 */
export async function startRouteServer(routes: Array<[pattern: string, module: RouteModule]>, options: { tls?: { key: string; cert: string } } = {}) {
  const compiled = routes.map(([pattern, module]) => ({ match: compile(pattern), module }));
  const listener: http.RequestListener = async (req, res) => {
    try {
      const scheme = options.tls ? "https" : "http";
      const url = new URL(req.url ?? "/", `${scheme}://${req.headers.host ?? "localhost"}`);
      const route = compiled.map((r) => ({ ...r, params: r.match(url.pathname) })).find((r) => r.params);
      const handler = route?.module[req.method as keyof RouteModule];
      if (!route || !handler) {
        res.writeHead(route ? 405 : 404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      // As server.ts does: the client IP comes from the socket, never from the client.
      stampClientIp(req);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
      const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
      const request = new Request(url, { method: req.method, headers, body });
      const response = await handler(request, { params: Promise.resolve(route.params!) as Promise<never> });
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => {
        if (key !== "set-cookie") outHeaders[key] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) outHeaders["set-cookie"] = cookies;
      res.writeHead(response.status, outHeaders);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`route server: ${String(error)}`);
    }
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${options.tls ? "https" : "http"}://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function compile(pattern: string): (path: string) => Record<string, string> | null {
  const segments = pattern.split("/").filter(Boolean);
  return (path) => {
    const parts = path.split("/").filter(Boolean);
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
      if (catchAll) {
        if (i >= parts.length) return null;
        params[catchAll[1]!] = parts.slice(i).join("/");
        return params;
      }
      const part = parts[i];
      if (part === undefined) return null;
      const param = /^\[(\w+)\]$/.exec(segment);
      if (param) params[param[1]!] = decodeURIComponent(part);
      else if (segment !== part) return null;
    }
    return parts.length === segments.length ? params : null;
  };
}
