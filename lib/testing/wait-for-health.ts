/**
 * Waits until a Rekey process just started answers `GET <url>` with 2xx (tests and the bench).
 * Fails at once when the process exits first, naming its log, and after `timeoutMs` otherwise.
 */
export async function waitForHealth(url: string, process: { name: string; exited: Promise<unknown>; log: string }, timeoutMs = 120_000): Promise<void> {
  let gone = false;
  void process.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${process.name} exited during start-up: see ${process.log}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    // Start-up has no event to await from outside the process: poll, briefly.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${process.name} was not healthy within ${timeoutMs / 1000} s: see ${process.log}`);
}
