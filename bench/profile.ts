// Where a sign-in's and a new-password submit's time goes (issue 15: "where a figure stays above its
// goal, say where the time goes"). Starts the compiled server with the inspector on loopback, signs
// up users untimed, then takes a CPU profile of the server over `samples` sign-ins and, separately,
// `samples` submits, and prints each profile's self time by package and by function. The profiles
// are written to test-results/ for Chrome's DevTools.
// Run alone, on a quiet machine: `npx tsx bench/profile.ts [samples=100]`.
import fs from "node:fs";
import path from "node:path";
import { completeActionId, prepareFlows, submitNewPasswords } from "./reset-complete";
import { freePort, root, startRekey } from "./server";
import { measureSignIn } from "./sign-in";
import { signUpUsers } from "./users";

const samples = Number(process.argv[2] ?? 100);

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** A Chrome DevTools Protocol session on the server's inspector (Node's global WebSocket). */
async function inspect(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id) waiting.get(message.id)?.(message.result);
  };
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  return {
    async profile(name: string, run: () => Promise<unknown>): Promise<Profile> {
      await send("Profiler.start");
      await run();
      const { profile } = await send<{ profile: Profile }>("Profiler.stop");
      fs.writeFileSync(path.join(root, "test-results", `${name}.cpuprofile`), JSON.stringify(profile));
      return profile;
    },
    close: () => socket.close(),
  };
}

/** A file's package (`npm:next`), Node's own module, or the project's compiled path. */
function ownerOf(url: string): string {
  if (!url) return "(V8: GC, native, idle)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\/.*?\/(dist|\.next)\//, "$1/");
}

function report(title: string, profile: Profile, perRequest: number, top = 18): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = byNode.get(id)!.callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += us;
    const owner = ownerOf(frame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const fn = `${frame.functionName || "(anonymous)"}  ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000 / perRequest).toFixed(2).padStart(6)} ms/req ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  console.log(`\n== ${title}: main thread busy ${(busy / 1000 / perRequest).toFixed(2)} ms per request (argon2 runs on the thread pool, not here)`);
  console.log(`-- by package or file\n${rows(byOwner)}\n-- by function\n${rows(byFunction)}`);
}

const inspectorPort = await freePort();
const server = await startRekey({ logName: "bench-profile-server.log", nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`] });
try {
  const users = await signUpUsers(server.baseUrl, 4, "profile");
  const members = await signUpUsers(server.baseUrl, samples + 5, "member");
  const inspector = await inspect(inspectorPort);
  // Warm: the code paths compiled and the statements prepared before any profile.
  await measureSignIn(server.baseUrl, users, 20, { warmUp: 0, paired: async () => 0 });
  const signIns = await inspector.profile("profile-sign-in", () => measureSignIn(server.baseUrl, users, samples, { warmUp: 0, paired: async () => 0 }));
  // Each sample is a sign-in and the same POST refused at the CSRF check (the floor): 2 requests.
  report(`sign-in (${samples}, each with its refused twin)`, signIns, samples);
  const flows = await prepareFlows(server.baseUrl, server.mail, members);
  const actionId = await completeActionId(server.baseUrl, flows[0]!);
  await submitNewPasswords(server.baseUrl, actionId, flows.slice(0, 5), { warmUp: 0, gapMs: 250, paired: {} });
  const submits = await inspector.profile("profile-submit", () => submitNewPasswords(server.baseUrl, actionId, flows.slice(5), { warmUp: 0, gapMs: 0, paired: {} }));
  report(`new-password submit (${samples})`, submits, samples);
  inspector.close();
} finally {
  await server.stop();
}
process.exit(0);
