// Figures 4 and 5: the last step of a reset, the new-password submit, driven end to end over HTTP.
import { callFormAction, cookieHeader, cookiesOf, findActionId, getText, nextClientIp } from "./http";
import type { SmtpCapture } from "@/lib/mail/testing/smtp-capture";
import { countMessagesTo, waitForResetTicket } from "./mailbox";
import { sleep, summarize, type Summary } from "./stats";
import { strongPassword, type BenchUser } from "./users";

const RESET_COOKIE = "rekey_reset";

/** A reset that reached `password_allowed` in a "browser" (its cookie and client IP). */
export type ReadyFlow = { user: BenchUser; cookie: string; ip: string };

/**
 * Takes each user's reset up to the new-password form, untimed: the request (the form's server
 * action), the email read as it arrives at the server's SMTP capture, the link's page, and its Continue button
 * (POST /reset/verify/confirm), whose cookie binds the flow. All requests go out first, so the
 * emails are composed by the worker while earlier ones are read.
 */
export async function prepareFlows(baseUrl: string, mail: SmtpCapture, users: BenchUser[]): Promise<ReadyFlow[]> {
  const requestAction = findActionId(await getText(`${baseUrl}/reset`));
  const pending: Array<{ user: BenchUser; ip: string; before: number }> = [];
  for (const user of users) {
    const before = countMessagesTo(mail, user.email);
    const ip = nextClientIp();
    const response = await callFormAction(baseUrl, "/reset", requestAction, { identifier: user.email }, { ip });
    if (response.redirect !== "/reset/sent") throw new Error(`reset request for ${user.email} failed: ${response.status} ${response.body.slice(0, 300)}`);
    pending.push({ user, ip, before });
  }

  const flows: ReadyFlow[] = [];
  for (const { user, ip, before } of pending) {
    const ticket = await waitForResetTicket(mail, user.email, before);
    const page = await getText(`${baseUrl}/reset/verify?ticket=${encodeURIComponent(ticket)}`, { "x-forwarded-for": ip });
    if (!page.includes('action="/reset/verify/confirm"')) throw new Error(`the reset link of ${user.email} is not usable`);
    const response = await fetch(`${baseUrl}/reset/verify/confirm`, {
      method: "POST",
      body: new URLSearchParams({ ticket }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl, "x-forwarded-for": ip, "user-agent": "rekey-bench" },
      redirect: "manual",
    });
    await response.arrayBuffer();
    const location = response.headers.get("location") ?? "";
    const cookie = cookiesOf(response).get(RESET_COOKIE);
    if (response.status !== 303 || !location.endsWith("/reset/password") || !cookie) {
      throw new Error(`Continue on the reset link of ${user.email} failed: ${response.status} → ${location}`);
    }
    flows.push({ user, cookie: cookieHeader(new Map([[RESET_COOKIE, cookie]])), ip });
  }
  return flows;
}

/** The new-password form's server action id, read from the form a ready flow is shown. */
export async function completeActionId(baseUrl: string, flow: ReadyFlow): Promise<string> {
  return findActionId(await getText(`${baseUrl}/reset/password`, { cookie: flow.cookie, "x-forwarded-for": flow.ip }));
}

/**
 * Submits a new password for each ready flow, one after another, and times each submit from the
 * POST to the whole answer (which redirects to /reset/done). The first `warmUp` are not counted.
 *
 * After each submit the bench waits `gapMs`, so the worker has sent the notice email and run quick
 * deliveries before the next submit: every submit meets an idle server, whichever Actions are
 * installed (a 3 s Action only sleeps meanwhile). Then each `paired` sampler takes one raw sample
 * (an argon2 hash, a verify), the ratios' denominators.
 */
export async function submitNewPasswords<K extends string>(
  baseUrl: string,
  actionId: string,
  flows: ReadyFlow[],
  options: { warmUp: number; gapMs: number; paired: Record<K, () => Promise<number>> },
): Promise<{ submit: Summary; paired: Record<K, Summary> }> {
  const times: number[] = [];
  const names = Object.keys(options.paired) as K[];
  const paired = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (const [i, flow] of flows.entries()) {
    const password = strongPassword();
    const response = await callFormAction(baseUrl, "/reset/password", actionId, { password, confirmPassword: password }, { cookie: flow.cookie, ip: flow.ip });
    if (response.redirect !== "/reset/done") {
      throw new Error(`new password for ${flow.user.email} was not saved: ${response.status} ${response.body.slice(0, 400)}`);
    }
    flow.user.password = password;
    await sleep(options.gapMs);
    for (const k of names) {
      const raw = await options.paired[k]();
      if (i >= options.warmUp) paired[k].push(raw);
    }
    if (i >= options.warmUp) times.push(response.ms);
  }
  return { submit: summarize(times), paired: Object.fromEntries(names.map((k) => [k, summarize(paired[k])])) as Record<K, Summary> };
}

/**
 * GET /reset/done as the client router asks for it (RSC): what the new-password action's redirect
 * renders into its own answer, timed alone. Part of every submit, whatever the database does.
 */
export async function measureDonePage(baseUrl: string, samples: number, warmUp = 5): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const start = performance.now();
    const response = await fetch(`${baseUrl}/reset/done`, { headers: { rsc: "1", "x-forwarded-for": nextClientIp() } });
    const body = await response.text();
    const ms = performance.now() - start;
    if (response.status !== 200 || !response.headers.get("content-type")?.includes("text/x-component")) {
      throw new Error(`GET /reset/done (RSC) answered ${response.status} ${body.slice(0, 200)}`);
    }
    if (i >= warmUp) times.push(ms);
  }
  return summarize(times);
}
