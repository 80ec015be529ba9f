import { startRekey } from "./server";
import { signUpUsers } from "./users";
import { cookieHeader, cookiesOf, nextClientIp } from "./http";
const server = await startRekey();
const base = server.baseUrl;
const users = await signUpUsers(base, 5, "h");
const p50 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(2);
const t: Record<string, number[]> = { health: [], csrf: [], badcsrf: [], ok: [] };
for (let i = 0; i < 150; i++) {
  const ip = nextClientIp();
  let s = performance.now(); await (await fetch(`${base}/api/health`)).text(); t.health!.push(performance.now() - s);
  s = performance.now(); const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } }); const { csrfToken } = (await csrf.json()) as { csrfToken: string }; t.csrf!.push(performance.now() - s);
  const post = async (password: string, token: string) => {
    const s = performance.now();
    const r = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", redirect: "manual", body: new URLSearchParams({ identifier: users[i % 5]!.email, password, csrfToken: token, callbackUrl: `${base}/account`, json: "true" }), headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookiesOf(csrf)), origin: base, "x-forwarded-for": ip, "user-agent": "b" } });
    await r.text(); return performance.now() - s;
  };
  t.badcsrf!.push(await post(users[i % 5]!.password, "nope"));
  t.ok!.push(await post(users[i % 5]!.password, csrfToken));
}
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, p50(v.slice(20))])));
await server.stop();
