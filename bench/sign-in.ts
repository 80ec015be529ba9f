// Figure 2: a successful credentials sign-in over HTTP, as next-auth's signIn() sends it.
import { cookieHeader, cookiesOf, nextClientIp } from "./http";
import { summarize, type Summary } from "./stats";
import type { BenchUser } from "./users";

const SESSION_COOKIE = "next-auth.session-token";

/**
 * Per sample: GET /api/auth/csrf (untimed, its cookie kept), then the timed POST to
 * /api/auth/callback/credentials, which must answer with a session cookie.
 *
 * The accounts are used round-robin: each successful sign-in still takes a token from the
 * per-account bucket (burst 50), so several users keep every sample on the success path.
 * After each sign-in `paired()` takes one raw argon2 verify, the ratio's denominator, and the same
 * POST goes out once more with a wrong CSRF token: next-auth refuses it before any of Rekey's work,
 * so its round trip is the floor of this route (Next, next-auth, proxy.ts, HTTP) on this machine.
 */
export async function measureSignIn(
  baseUrl: string,
  users: BenchUser[],
  samples: number,
  options: { warmUp: number; paired: () => Promise<number> },
): Promise<{ signIn: Summary; paired: Summary; refusedAtCsrf: Summary }> {
  const { warmUp } = options;
  const times: number[] = [];
  const paired: number[] = [];
  const refused: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const user = users[i % users.length]!;
    const ip = nextClientIp();
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const post = async (token: string) => {
      const body = new URLSearchParams({ identifier: user.email, password: user.password, csrfToken: token, callbackUrl: `${baseUrl}/account`, json: "true" });
      const start = performance.now();
      const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: cookieHeader(cookiesOf(csrf)),
          origin: baseUrl,
          "x-forwarded-for": ip,
          "user-agent": "rekey-bench",
        },
        redirect: "manual",
      });
      const text = await response.text();
      return { ms: performance.now() - start, response, text };
    };
    const { ms, response, text } = await post(csrfToken);
    if (![200, 302].includes(response.status) || !cookiesOf(response).has(SESSION_COOKIE)) {
      throw new Error(`sign-in of ${user.email} failed: ${response.status} ${text.slice(0, 300)}`);
    }
    const floor = await post(`${csrfToken}x`);
    if (cookiesOf(floor.response).has(SESSION_COOKIE) || !floor.text.includes("csrf=true")) {
      throw new Error(`a wrong CSRF token was not refused: ${floor.response.status} ${floor.text.slice(0, 300)}`);
    }
    const raw = await options.paired();
    if (i >= warmUp) {
      times.push(ms);
      paired.push(raw);
      refused.push(floor.ms);
    }
  }
  return { signIn: summarize(times), paired: summarize(paired), refusedAtCsrf: summarize(refused) };
}
