// The floor of the OpenID Provider figures: the very same requests (method, path, headers, body)
// sent to a trivial HTTP server in a process of its own, which answers each with a small 200. The
// floor is what HTTP, fetch and the hops cost on this machine; the difference is Rekey's own work.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./server";

/** A request as the bench sent it to Rekey, to send again to the floor. */
export type Sent = { method: string; path: string; headers: Record<string, string>; body?: string };

/** A trivial HTTP server in a process of its own: a small 200 for any request, the body read first. */
export async function startFloorServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const source = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => s.end("ok")); }).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child: ChildProcess = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

/** Sends the recorded requests, one after another, to `base`; returns the wall time (ms). */
export async function replay(base: string, requests: Sent[]): Promise<number> {
  const started = performance.now();
  for (const r of requests) {
    const response = await fetch(`${base}${r.path}`, { method: r.method, headers: r.headers, body: r.body, redirect: "manual" });
    await response.arrayBuffer();
  }
  return performance.now() - started;
}
