import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { config, overrideConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { stampClientIp } from "@/lib/http";
import { newSession } from "@/lib/sessions";
import type { createUser } from "@/lib/users";
import { startOpenIdProvider, type OpenIdProvider } from "../index";
import type { TestBrowser } from "./browser";

type User = Awaited<ReturnType<typeof createUser>>;

/**
 * What server.ts does: the provider's routes first, everything else to Next (here a 404). Client
 * credentials go to `clientCredentials` (server.ts: the Management API's handler), by default a
 * stub that records each request.
 */
export async function startServer(options: { clientCredentials?: (request: Request) => Promise<Response>; /** @default 0, any free port */ port?: number } = {}) {
  const mounted: { oidc?: OpenIdProvider } = {};
  const clientCredentialRequests: string[] = [];
  const server = http.createServer((req, res) => {
    stampClientIp(req);
    if (mounted.oidc?.owns(req)) return void mounted.oidc.handle(req, res);
    res.statusCode = 404;
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  overrideConfig({ PUBLIC_URL: origin });
  mounted.oidc = await startOpenIdProvider({
    clientCredentials: options.clientCredentials ?? (async (request) => {
      clientCredentialRequests.push(await request.text());
      return Response.json({ access_token: "management", token_type: "Bearer" });
    }),
  });
  return {
    /** The running provider (its models, for assertions). */
    provider: () => mounted.oidc!.provider,
    origin,
    issuer: `${origin}/`,
    clientCredentialRequests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A next-auth session cookie, as /login sets it after a password sign-in at `at` (ms). */
export async function signedIn(browser: TestBrowser, user: User, at = Date.now()) {
  const session = newSession(user.id, { ip: "192.0.2.1" }, at);
  await (await prisma()).session.create({ data: session });
  const sexp = Math.floor(session.expiresAt.getTime() / 1000);
  const token = await encode({ token: { sub: user.id, uid: user.id, sv: user.sessionVersion, role: user.role, at, sid: session.id, sexp }, secret: config().AUTH_SECRET });
  browser.setCookie("next-auth.session-token", token);
}

