// Saturation: as many requests as Rekey answers on this machine's cores, with autocannon (a
// well-kept HTTP load generator, so the figures are comparable with other servers'), for the
// reset request and the sign-in. The sign-in is bound by argon2: its throughput is compared with
// raw argon2 verifies per second on the same cores, measured in this process while no server runs.
import autocannon from "autocannon";
import { argon2id, hash, verify } from "argon2";
import { productionArgon2Params } from "./argon2";
import { cookieHeader, cookiesOf, decodeEntities, getText, nextClientIp } from "./http";
import { unknownEmail, type BenchUser } from "./users";

export type Saturation = { requestsPerSecond: number; p50Ms: number; p99Ms: number; requests: number; errors: number; seconds: number; connections: number };

/**
 * Raw argon2id verifies per second with `parallel` verifies in flight (libuv runs them on its
 * thread pool, four threads by default, like the server's).
 */
export async function rawVerifyThroughput(seconds: number, parallel = 4): Promise<number> {
  const options = { type: argon2id, ...productionArgon2Params() } as const;
  const stored = await hash("Qw-raw-throughput-password-9", options);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < until) {
        if (!(await verify(stored, "Qw-raw-throughput-password-9"))) throw new Error("argon2 verify failed");
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** A response header by name, whatever its case (autocannon keeps the server's). */
function header(headers: unknown, name: string): string {
  const entry = Object.entries(headers as Record<string, unknown>).find(([key]) => key.toLowerCase() === name);
  return entry ? String(entry[1]) : "";
}

export type Flood = {
  path: string;
  /** The next request's body and content type (each request differs: account, identifier); `origin` for a browser's form POST. */
  next: () => { body: string; contentType: string; cookie?: string; origin?: boolean };
  /** Whether a response is the success the request should get (the body, e.g. to take a token from it). */
  succeeded: (status: number, headers: unknown, body: string) => boolean;
};

/**
 * POSTs to `path` over `connections` keep-alive connections for `seconds`, each request from its
 * own client IP; a transport error, a timeout or a response that is not the expected success
 * counts as an error.
 */
export async function flood(baseUrl: string, seconds: number, connections: number, spec: Flood): Promise<Saturation> {
  let wrong = 0;
  const result = await autocannon({
    url: baseUrl,
    duration: seconds,
    connections,
    requests: [
      {
        method: "POST",
        path: spec.path,
        setupRequest: (request) => {
          const { body, contentType, cookie, origin = true } = spec.next();
          const headers = { ...request.headers, "content-type": contentType, ...(origin ? { origin: baseUrl } : {}), "x-forwarded-for": nextClientIp(), "user-agent": "rekey-bench", ...(cookie ? { cookie } : {}) };
          return { ...request, body, headers };
        },
        onResponse: (status, body, _context, headers) => {
          if (!spec.succeeded(status, headers, body)) wrong++;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + wrong,
    seconds,
    connections,
  };
}

/** The hidden inputs of a page's first form, values decoded: what a browser without script posts. */
async function noScriptFormFields(url: string): Promise<Array<[string, string]>> {
  const html = await getText(url);
  const form = /<form[\s\S]*?<\/form>/.exec(html)?.[0] ?? "";
  return [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1]!, decodeEntities(m[2] ?? "")]);
}

/**
 * Reset requests for addresses no account has (the same work as a known one, see the timing
 * figure), each from its own client IP so no rate limit answers instead of Rekey: the form's POST
 * as a browser without script sends it (multipart, the hidden action fields), answered with a
 * 303 to /reset/sent.
 */
export async function saturateResetRequests(baseUrl: string, seconds: number, connections: number): Promise<Saturation> {
  const hidden = await noScriptFormFields(`${baseUrl}/reset`);
  const boundary = "----rekeybench";
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const fixed = hidden.map(([name, value]) => part(name, value)).join("");
  let n = 0;
  return flood(baseUrl, seconds, connections, {
    path: "/reset",
    next: () => ({ body: `${fixed}${part("identifier", unknownEmail(100_000 + n++))}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` }),
    succeeded: (status, headers) => status === 303 && header(headers, "location").endsWith("/reset/sent"),
  });
}

/**
 * Successful credentials sign-ins, the accounts round-robin (each under its per-account burst)
 * and each request from its own client IP. One CSRF cookie and token serve every request
 * (next-auth's double-submit check); a response without a session cookie counts as an error.
 */
export function saturateSignIn(baseUrl: string, users: BenchUser[], seconds: number, connections: number): Promise<Saturation> {
  return floodCredentials(baseUrl, users, seconds, connections, { refused: false });
}

/**
 * The same POST with a wrong CSRF token, which next-auth refuses before any of Rekey's work: the
 * most requests per second this route answers on these cores, Rekey's own cost aside. A response
 * with a session cookie counts as an error.
 */
export function saturateRefusedSignIn(baseUrl: string, users: BenchUser[], seconds: number, connections: number): Promise<Saturation> {
  return floodCredentials(baseUrl, users, seconds, connections, { refused: true });
}

async function floodCredentials(baseUrl: string, users: BenchUser[], seconds: number, connections: number, { refused }: { refused: boolean }): Promise<Saturation> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = cookieHeader(cookiesOf(csrf));
  let n = 0;
  return flood(baseUrl, seconds, connections, {
    path: "/api/auth/callback/credentials",
    next: () => {
      const user = users[n++ % users.length]!;
      const token = refused ? `${csrfToken}x` : csrfToken;
      const body = new URLSearchParams({ identifier: user.email, password: user.password, csrfToken: token, callbackUrl: `${baseUrl}/account`, json: "true" }).toString();
      return { body, contentType: "application/x-www-form-urlencoded", cookie };
    },
    succeeded: (status, headers) => status === 200 && header(headers, "set-cookie").includes("next-auth.session-token=") !== refused,
  });
}
