import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedReadRoots, permissionFlags } from "./spawn";

describe("the sandbox process's command line", () => {
  it("names Node's permission model as each supported Node knows it, and keeps node:sqlite out", () => {
    expect(permissionFlags("20.19.0")).toEqual(["--experimental-permission"]);
    expect(permissionFlags("22.12.0")).toEqual(["--experimental-permission"]);
    expect(permissionFlags("22.13.0")).toEqual(["--permission", "--no-experimental-sqlite"]);
    expect(permissionFlags("23.4.0")).toEqual(["--experimental-permission", "--no-experimental-sqlite"]);
    expect(permissionFlags("24.11.1")).toEqual(["--permission", "--no-experimental-sqlite"]);
    // Node 25 puts the network under the permission model; Actions call webhooks.
    expect(permissionFlags("25.1.0")).toEqual(["--permission", "--allow-net", "--no-experimental-sqlite"]);
  });

  it("lets a process read the actions folder, the project's node_modules and the runtime, nothing else", () => {
    const roots = allowedReadRoots("/srv/actions");
    expect(roots).toEqual(
      expect.arrayContaining(["/srv/actions", path.join(process.cwd(), "node_modules"), path.join(process.cwd(), "lib", "actions", "sandbox", "worker")]),
    );
    expect(roots.some((root) => process.cwd().startsWith(root) || root === path.join(process.cwd(), "data"))).toBe(false);
  });
});
