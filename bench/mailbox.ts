// Reads reset links from the dev mailbox pages, as a person with the inbox open would.
import { getText } from "./http";
import { sleep } from "./stats";

/** Ids of the messages listed for one recipient, newest first. */
export async function listMessageIds(baseUrl: string, to: string): Promise<string[]> {
  const html = await getText(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(to)}`);
  return [...html.matchAll(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

/** Waits for a message not in `before` that carries a reset link, and returns its ticket. */
export async function waitForResetTicket(baseUrl: string, to: string, before: ReadonlySet<string>, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const checked = new Set(before);
  while (Date.now() < deadline) {
    for (const id of await listMessageIds(baseUrl, to)) {
      if (checked.has(id)) continue;
      checked.add(id);
      const text = await getText(`${baseUrl}/dev/mailbox/${id}?view=text`);
      const match = /\/reset\/verify\?ticket=([A-Za-z0-9_%-]+)/.exec(text);
      if (match) return decodeURIComponent(match[1]!);
    }
    await sleep(50);
  }
  throw new Error(`no reset email for ${to} within ${timeoutMs} ms`);
}
