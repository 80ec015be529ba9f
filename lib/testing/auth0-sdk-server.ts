import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ManagementClient } from "auth0";
import { overrideConfig } from "@/lib/config";
import { createMachineClient, type ManagementScope } from "@/lib/management";
import { testRequestContext } from "./context";
import { startRouteServer, type RouteModule } from "./route-server";
import { fetchTrusting, makeLocalhostCertificate } from "./tls";

type RouteServer = Awaited<ReturnType<typeof startRouteServer>>;

/**
 * app/ route handlers served over TLS on loopback for the official auth0 SDK, which speaks only
 * HTTPS to a domain: a certificate made for this run, which only the SDK clients made here trust
 * (their `fetch`), and PUBLIC_URL set to the server's origin (the Management API's audience
 * follows it), with what `config()` returns on top. Call inside a describe, after useTestDatabase.
 */
export function useAuth0SdkServer(routes: Array<[pattern: string, module: RouteModule]>, config: () => Parameters<typeof overrideConfig>[0] = () => ({})) {
  let tmp: string | undefined;
  let server: RouteServer | undefined;
  let trustingFetch: typeof fetch | undefined;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-sdk-"));
    const tls = makeLocalhostCertificate(tmp);
    trustingFetch = fetchTrusting(tls.cert);
    server = await startRouteServer(routes, { tls });
    overrideConfig({ PUBLIC_URL: server.origin, ...config() });
  });
  afterAll(async () => {
    await server?.close();
    overrideConfig({});
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const running = () => {
    if (!server) throw new Error("useAuth0SdkServer: the server starts in beforeAll");
    return server;
  };
  const sdkOptions = () => ({ domain: `localhost:${running().port}`, fetch: trustingFetch! });
  return {
    /** `https://localhost:<port>`, PUBLIC_URL while the server runs. */
    get origin() {
      return running().origin;
    },
    /** What an SDK takes as `domain` and `fetch`: the server's host, and a fetch that trusts its certificate. */
    get sdkOptions() {
      return sdkOptions();
    },
    /** fetch for a request the SDK does not make, trusting the server's certificate. */
    fetch: ((input, init) => sdkOptions().fetch(input, init)) as typeof fetch,
    /** A new machine client holding `scopes` (granted by an admin), and the SDK signed in as it. */
    async managementClient(scopes: readonly ManagementScope[], name = `SDK (${scopes.length} scopes)`) {
      const { client, clientSecret } = await createMachineClient({ name, scopes: [...scopes] }, { id: "test-admin", kind: "admin" }, testRequestContext());
      const management = new ManagementClient({ ...sdkOptions(), clientId: client.id, clientSecret, maxRetries: 0 });
      return { management, clientId: client.id, clientSecret };
    },
  };
}
