// The post-change-password Action files the bench drops into its server's ACTIONS_DIR. The server
// scans the folder before every delivery, so files can change between phases without a restart.
import fs from "node:fs";
import path from "node:path";

export const NOOP_ACTION = "00-noop.js";
export const SLOW_ACTION = "10-slow.js";

const SOURCES: Record<string, string> = {
  [NOOP_ACTION]: "exports.onExecutePostChangePassword = async () => {};\n",
  [SLOW_ACTION]: "exports.onExecutePostChangePassword = async () => { await new Promise((r) => setTimeout(r, 3000)); };\n",
};

/** Makes `names` the only post-change-password files. */
export function setPostChangePasswordActions(actionsDir: string, names: string[]): void {
  const dir = path.join(actionsDir, "post-change-password");
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { force: true });
  for (const name of names) fs.writeFileSync(path.join(dir, name), SOURCES[name]!);
}
