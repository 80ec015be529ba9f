import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { overrideConfig } from "@/lib/config";
import { clearDiscoveryCache, discoverActions, listActions } from "./discover";
import { executeAction, shutdownSandbox } from "./sandbox";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-actions-"));
  overrideConfig({ ACTIONS_DIR: root });
  clearDiscoveryCache();
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  overrideConfig({});
});
afterAll(async () => {
  await shutdownSandbox();
});

function put(trigger: string, name: string, source: string) {
  fs.mkdirSync(path.join(root, trigger), { recursive: true });
  fs.writeFileSync(path.join(root, trigger, name), source);
}

const ACTION = `exports.onExecutePostChangePassword = async () => {};`;
const HOOK = `module.exports = function (user, context, cb) { cb(); };`;
const quiet = { report: false } as const;

describe("Action discovery", () => {
  it("finds .js/.cjs/.mjs/.ts files in file-name order, ignoring _ and . files and other extensions", async () => {
    put("post-change-password", "20-b.ts", `export const onExecutePostChangePassword = async () => {};`);
    put("post-change-password", "10-a.js", ACTION);
    put("post-change-password", "05-legacy.cjs", HOOK);
    put("post-change-password", "30-c.mjs", `export async function onExecutePostChangePassword() {}`);
    put("post-change-password", "_disabled.js", ACTION);
    put("post-change-password", ".hidden.js", ACTION);
    put("post-change-password", "notes.txt", "not code");
    put("post-change-password", "README.md", "# not code");
    fs.mkdirSync(path.join(root, "post-change-password", "40-folder.js"));

    const files = await discoverActions("post-change-password", quiet);
    expect(files.map((f) => [f.name, f.kind])).toEqual([
      ["05-legacy.cjs", "hook"],
      ["10-a.js", "action"],
      ["20-b.ts", "action"],
      ["30-c.mjs", "action"],
    ]);
    expect(files.every((f) => f.loadError === undefined)).toBe(true);
    expect(files[1]!.path).toBe(path.join(root, "post-change-password", "10-a.js"));
  });

  it("returns nothing when the trigger's folder does not exist", async () => {
    expect(await discoverActions("password-reset-post-challenge", quiet)).toEqual([]);
  });

  it("picks up a new, changed or removed file on the next call, without a restart", async () => {
    put("post-change-password", "10-a.js", `exports.onExecutePostChangePassword = async () => "v1";`);
    const [first] = await discoverActions("post-change-password", quiet);
    const run = (file: string) => executeAction({ trigger: "post-change-password", file, exportName: "onExecutePostChangePassword", event: {} });
    expect((await run(first!.path)).returnValue).toBe("v1");

    put("post-change-password", "10-a.js", `exports.onExecutePostChangePassword = async () => "version 2";`);
    put("post-change-password", "20-new.js", ACTION);
    const second = await discoverActions("post-change-password", quiet);
    expect(second.map((f) => f.name)).toEqual(["10-a.js", "20-new.js"]);
    expect(second[0]!.version).not.toBe(first!.version);
    expect((await run(second[0]!.path)).returnValue).toBe("version 2");

    fs.rmSync(path.join(root, "post-change-password", "10-a.js"));
    expect((await discoverActions("post-change-password", quiet)).map((f) => f.name)).toEqual(["20-new.js"]);
  });

  it("reports syntax errors, TypeScript errors, missing exports and bad options as load errors", async () => {
    put("post-change-password", "10-syntax.js", `exports.onExecutePostChangePassword = async () => {`);
    put("post-change-password", "20-ts.ts", `const n: number = ;`);
    put("post-change-password", "30-missing.js", `exports.onExecute = async () => {};`);
    put("post-change-password", "40-options.js", `${ACTION} exports.rekey = { maxAttempts: 0 };`);
    put("post-change-password", "50-init.js", `throw new Error("cannot start"); ${ACTION}`);
    put("post-change-password", "60-ok.js", `${ACTION} exports.rekey = { maxAttempts: 1 };`);
    const infos = await listActions("post-change-password", quiet);
    const errors = Object.fromEntries(infos.map((i) => [i.name, i.loadError]));
    expect(errors["10-syntax.js"]).toMatch(/^10-syntax\.js:1:\d+: Unexpected end of file/);
    expect(errors["20-ts.ts"]).toMatch(/^20-ts\.ts:1:\d+: Unexpected ";"/);
    expect(errors["30-missing.js"]).toMatch(/Missing export: expected exports\.onExecutePostChangePassword .*it exports onExecute\./);
    expect(errors["40-options.js"]).toMatch(/maxAttempts must be an integer/);
    expect(errors["50-init.js"]).toMatch(/cannot start/);
    expect(errors["60-ok.js"]).toBeUndefined();
    expect(infos.find((i) => i.name === "60-ok.js")).toMatchObject({ kind: "action", maxAttempts: 1, trigger: "post-change-password" });
  });

  it("prints a load error once per file version", async () => {
    const print = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      put("post-change-password", "10-broken.js", `exports.onExecutePostChangePassword = async () => {`);
      await discoverActions("post-change-password", { tenantLog: false });
      await discoverActions("post-change-password", { tenantLog: false });
      expect(print).toHaveBeenCalledTimes(1);
      expect(String(print.mock.calls[0]![0])).toContain("10-broken.js cannot run");
      put("post-change-password", "10-broken.js", `exports.onExecutePostChangePassword = async () => { oops(`);
      await discoverActions("post-change-password", { tenantLog: false });
      expect(print).toHaveBeenCalledTimes(2);
    } finally {
      print.mockRestore();
    }
  });

  // Regression: an Action that failed with "Cannot find module" kept failing after `npm install` until its text changed.
  it("notices a package installed after an Action failed to find it, without an edit", async () => {
    put("post-change-password", "10-late.js", `const late = require("rekey-late-package");
      exports.onExecutePostChangePassword = async () => late.hello();`);
    const run = (file: string) => executeAction({ trigger: "post-change-password", file, exportName: "onExecutePostChangePassword", event: {} });
    // The package's folder is there but empty (an interrupted install): Node remembers that it
    // found no package.json in it, so only a fresh process sees the finished install.
    const pkg = path.join(root, "node_modules", "rekey-late-package");
    fs.mkdirSync(pkg, { recursive: true });
    const [missing] = await discoverActions("post-change-password", quiet);
    expect(missing!.loadError).toContain("Cannot find module 'rekey-late-package'");
    expect((await run(missing!.path)).error?.message).toContain("Cannot find module 'rekey-late-package'");

    // `npm install rekey-late-package`: a package whose entry is not index.js, as most are.
    fs.mkdirSync(path.join(pkg, "lib"), { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "rekey-late-package", version: "1.0.0", main: "lib/main.js" }));
    fs.writeFileSync(path.join(pkg, "lib", "main.js"), `exports.hello = () => "installed";`);

    const [found] = await discoverActions("post-change-password", quiet);
    expect(found!.version).toBe(missing!.version);
    expect(found!.loadError).toBeUndefined();
    expect((await run(found!.path)).returnValue).toBe("installed");
  });

  it("refuses a fifth post-challenge Action with a clear error, and Hooks on that trigger", async () => {
    for (const n of [10, 20, 30, 40, 50]) put("password-reset-post-challenge", `${n}-step.js`, `exports.onExecutePostChallenge = async () => {};`);
    const files = await discoverActions("password-reset-post-challenge", quiet);
    expect(files.slice(0, 4).every((f) => f.loadError === undefined)).toBe(true);
    expect(files[4]!.loadError).toMatch(/allows at most 4 Actions and this is number 5/);

    fs.rmSync(path.join(root, "password-reset-post-challenge"), { recursive: true });
    put("password-reset-post-challenge", "10-hook.js", HOOK);
    const [hook] = await discoverActions("password-reset-post-challenge", quiet);
    expect(hook!.loadError).toMatch(/expected exports\.onExecutePostChallenge/);
  });
});
