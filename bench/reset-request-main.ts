// Only figure 3, the reset request known vs unknown, with its own server and its own users:
// `npx tsx bench/reset-request-main.ts [pairs]` (default 1000 pairs; needs `next build` first).
import os from "node:os";
import { describeResetTiming, measureResetRequests } from "./reset-request";
import { ensureBuild, removeServerFiles, startRekey } from "./server";
import { signUpUsers } from "./users";

const pairs = Number(process.argv[2] ?? 1000);
const warmUpPairs = 10;
await ensureBuild();
const server = await startRekey({ logName: "bench-reset-request.log" });
try {
  console.log(`[bench] signing up ${pairs + warmUpPairs} users (load ${os.loadavg()[0]!.toFixed(1)}) …`);
  // "member" has the length of "nobody", the unknown addresses' prefix.
  const members = await signUpUsers(server.baseUrl, pairs + warmUpPairs, "member");
  console.log(`[bench] ${pairs} alternated pairs, known vs unknown (load ${os.loadavg()[0]!.toFixed(1)}) …`);
  const timing = await measureResetRequests(server.baseUrl, members, pairs, {
    warmUpPairs,
    gapMs: 100,
    onProgress: (done) => console.log(`[bench]   ${done} pairs`),
  });
  console.log(`reset request known ÷ unknown p50: ${describeResetTiming(timing)}`);
  console.log(`  known   p50 ${timing.known.p50.toFixed(1)} ms, p95 ${timing.known.p95.toFixed(1)} ms`);
  console.log(`  unknown p50 ${timing.unknown.p50.toFixed(1)} ms, p95 ${timing.unknown.p95.toFixed(1)} ms`);
  console.log(`  load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
} finally {
  await server.stop();
  removeServerFiles(server);
}
