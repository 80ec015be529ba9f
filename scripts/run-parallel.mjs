// `node scripts/run-parallel.mjs typecheck lint`: runs those npm scripts side by side (each is one
// busy thread, and CI has two cores), prints each one's output whole when it ends, with its time,
// and fails when any fails.
import { spawn } from "node:child_process";

const results = await Promise.all(
  process.argv.slice(2).map(
    (script) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
        const output = [];
        child.stdout.on("data", (chunk) => output.push(chunk));
        child.stderr.on("data", (chunk) => output.push(chunk));
        child.on("close", (code) => {
          process.stdout.write(`\n> npm run ${script}: ${code === 0 ? "passed" : `failed (${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          process.stdout.write(Buffer.concat(output));
          resolve(code);
        });
      }),
  ),
);
process.exit(results.every((code) => code === 0) ? 0 : 1);
