// `npm run example`: Rekey on :3000 and the example relying party (examples/relying-party,
// next-auth) on :3001, its application seeded with a secret kept in DATA_DIR, so a newcomer sees
// "Sign in with Rekey" end to end.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { DEMO_APPLICATION } from "../lib/runtime/seed";
import { waitForHealth } from "../lib/testing/wait-for-health";
import { buildExampleIfNeeded } from "./example-build";

const root = path.resolve(import.meta.dirname, "..");
const exampleDir = path.join(root, "examples/relying-party");
const rekeyUrl = process.env.PUBLIC_URL ?? "http://localhost:3000";
const appUrl = new URL(DEMO_APPLICATION.initiate_login_uri).origin;
const dataDir = path.resolve(root, process.env.DATA_DIR ?? "data");

/** The example's client secret, drawn once and kept beside the embedded database. */
function exampleSecret(): string {
  const file = path.join(dataDir, "example-app.secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const secret = exampleSecret();
  buildExampleIfNeeded(exampleDir);
  const seeded = [{ ...DEMO_APPLICATION, client_secret: secret }];
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const rekey = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PUBLIC_URL: rekeyUrl, SEED_APPLICATIONS: JSON.stringify(seeded) },
  });
  children.push(rekey);
  const rekeyExited = new Promise((resolve) => rekey.once("exit", resolve));
  await waitForHealth(`${rekeyUrl}/api/health`, { name: "Rekey", exited: rekeyExited, log: "the output above" }, 300_000);

  const app = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", exampleDir, "-p", new URL(appUrl).port, "-H", "127.0.0.1"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      REKEY_ISSUER: `${rekeyUrl}/`,
      REKEY_CLIENT_ID: DEMO_APPLICATION.client_id,
      REKEY_CLIENT_SECRET: secret,
      NEXTAUTH_URL: appUrl,
      NEXTAUTH_SECRET: crypto.createHash("sha256").update(`example ${secret}`).digest("base64url"),
    },
  });
  children.push(app);
  console.log(`\n[example] open ${appUrl} and choose "Sign in with Rekey" (the demo user's password was printed at Rekey's first start)\n`);
  await Promise.race([rekeyExited, new Promise((resolve) => app.once("exit", resolve))]);
  stop();
}

await main();
