"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// Outgoing HTTP requests an Action started and did not wait for (`fetch(…)` or `axios.post(…)`
// without await). Node publishes every request on diagnostics channels in the caller's async
// context, so each one is attributed to the execution that started it, however deep in a
// dependency. A request counts as done once the response's headers arrived (an unread body is not
// the Action's pending work) or it failed.
const dc = require("node:diagnostics_channel");

/**
 * @param {() => ({ pending: Set<object>, lateRequests?: number } | null)} currentExecution
 */
function trackPendingRequests(currentExecution) {
  /** Every request in flight in this process, whichever execution started it. */
  const all = new Set();
  const owners = new WeakMap();

  function start(request) {
    if (!request || all.has(request)) return;
    all.add(request);
    const exec = currentExecution();
    if (exec) {
      exec.pending.add(request);
      owners.set(request, exec);
      // Started after the handler returned (the next call of an un-awaited chain).
      if (exec.lateRequests !== undefined) exec.lateRequests += 1;
    }
  }
  function end(request) {
    if (!request || !all.delete(request)) return;
    const exec = owners.get(request);
    if (exec) exec.pending.delete(request);
  }

  dc.subscribe("undici:request:create", (message) => start(message && message.request));
  dc.subscribe("undici:request:headers", (message) => end(message && message.request));
  dc.subscribe("undici:request:error", (message) => end(message && message.request));
  dc.subscribe("http.client.request.start", (message) => {
    const request = message && message.request;
    start(request);
    // 'close' follows a response, an error and an abort alike; no 'error' listener, so an
    // unhandled request error still surfaces as the Action wrote it.
    if (request && typeof request.once === "function") request.once("close", () => end(request));
  });
  dc.subscribe("http.client.response.finish", (message) => end(message && message.request));

  /**
   * Waits until the requests in `set` are done or `deadline` (epoch ms) passes. With `exec`, also
   * counts the requests it starts meanwhile.
   * @returns {Promise<{ requests: number, waitedMs: number, unfinished: number }>}
   */
  async function waitFor(set, deadline, exec) {
    const started = Date.now();
    const atStart = set.size;
    if (exec) exec.lateRequests = 0;
    // A request started just before the handler returned is created in the microtasks that follow.
    await new Promise((resolve) => setImmediate(resolve));
    while (set.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(10, deadline - Date.now()))));
    }
    return { requests: atStart + (exec ? exec.lateRequests : 0), waitedMs: Date.now() - started, unfinished: set.size };
  }

  return { all, waitFor };
}

module.exports = { trackPendingRequests };
