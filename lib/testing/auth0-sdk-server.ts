import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ManagementClient } from "auth0";
import { overrideConfig } from "@/lib/config";
import { createMachineClient, type ManagementScope } from "@/lib/management";
import { testRequestContext } from "./context";
import { startRouteServer, type RouteModule } from "./route-server";
import { makeLocalhostCertificate } from "./tls";

type RouteServer = Awaited<ReturnType<typeof startRouteServer>>;

/**
 * app/ route handlers served over TLS on loopback for the official auth0 SDK, which speaks only
 * HTTPS to a domain: a certificate made for this run, trusted blindly by this test process only
 * while the server runs, and PUBLIC_URL set to the server's origin (the Management API's audience
 * follows it). Call inside a describe, after useTestDatabase.
 */
export function useAuth0SdkServer(routes: Array<[pattern: string, module: RouteModule]>) {
  let tmp: string | undefined;
  let server: RouteServer | undefined;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-sdk-"));
    const tls = makeLocalhostCertificate(tmp);
    // The certificate was made a moment ago by this test; only this test process trusts it blindly.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    server = await startRouteServer(routes, { tls });
    overrideConfig({ PUBLIC_URL: server.origin });
  });
  afterAll(async () => {
    await server?.close();
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    overrideConfig({});
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const running = () => {
    if (!server) throw new Error("useAuth0SdkServer: the server starts in beforeAll");
    return server;
  };
  return {
    /** `https://localhost:<port>`, PUBLIC_URL while the server runs. */
    get origin() {
      return running().origin;
    },
    /** What the SDK takes as `domain`. */
    get domain() {
      return `localhost:${running().port}`;
    },
    /** A new machine client holding `scopes` (granted by an admin), and the SDK signed in as it. */
    async managementClient(scopes: readonly ManagementScope[], name = `SDK (${scopes.length} scopes)`) {
      const { client, clientSecret } = await createMachineClient({ name, scopes: [...scopes] }, { id: "test-admin", kind: "admin" }, testRequestContext());
      const management = new ManagementClient({ domain: `localhost:${running().port}`, clientId: client.id, clientSecret, maxRetries: 0 });
      return { management, clientId: client.id, clientSecret };
    },
  };
}
