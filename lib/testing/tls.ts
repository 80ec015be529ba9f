import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * A throwaway certificate for `localhost` written into `dir` (the SDKs speak only HTTPS). Clients
 * trust it through `fetchTrusting(cert)`, never by turning certificate checks off.
 */
export function makeLocalhostCertificate(dir: string): { key: string; cert: string } {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  return { key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"), cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8") };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` that trusts `ca` (and only it) for HTTPS, with every other check on, and never follows
 * a redirect (what a test of `redirect: "manual"` wants): handed to an SDK
 * as its `fetch` option. Node's own fetch takes no CA without the `undici` package, whose Agent
 * must match the fetch bundled in each Node; `https.request` takes `ca` on every Node.
 */
export function fetchTrusting(ca: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(request.url, { method: request.method, headers: Object.fromEntries(request.headers), ca, signal: request.signal }, (incoming) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
        }
        const status = incoming.statusCode ?? 502;
        const responseBody = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
        if (!responseBody) incoming.resume();
        resolve(new Response(responseBody, { status, statusText: incoming.statusMessage, headers }));
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  };
}
