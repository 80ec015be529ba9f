import fs from "node:fs";

/**
 * The resident set size of a process in bytes, from /proc (Linux), or undefined where there is no
 * /proc or the process is gone. V8's heap limit does not cover Buffers and ArrayBuffers (their
 * memory lives outside the heap); the resident size does, so the pool watches it from outside the
 * process, where a synchronous allocation loop in the Action cannot stop the watch.
 */
export function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "latin1");
  } catch {
    return undefined;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}
