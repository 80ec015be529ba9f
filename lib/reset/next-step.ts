import type { ResetFlow } from "./flow";
import { doneUrlOf } from "./done-url";
import { endReasonCode } from "./states";

/**
 * The page a flow's browser goes to, by what it waits for:
 * - `sent`: the link or the code from the email;
 * - `challenge`: a second factor; `external-site`: an Action's redirect, which comes back to
 *   /continue (its page says so);
 * - `password`: the new password; `result`: done, the result URL or our done page;
 * - `error`: nothing more to do in it (ended, denied, or in the middle of the Actions' run).
 */
export type NextStep = { page: "sent" | "challenge" | "external-site" | "password" | "result" | "error"; path: string };

/** The one map from a flow's state to the page its browser goes to. */
export function nextStepOf(flow: ResetFlow): NextStep {
  switch (flow.state) {
    case "link_sent":
      return { page: "sent", path: "/reset/sent" };
    case "link_verified":
      // Only a run of the post-challenge Actions holds a flow here, and it moves it on before it
      // answers: a page that finds a flow in this state found a run in progress or one that died.
      return { page: "error", path: resetErrorPath("RESET_FLOW_STATE") };
    case "awaiting_factor":
      return { page: "challenge", path: "/reset/challenge" };
    case "awaiting_redirect":
      return { page: "external-site", path: "/reset/challenge" };
    case "password_allowed":
      return { page: "password", path: "/reset/password" };
    case "completed":
      return { page: "result", path: resultUrlOf(flow) };
    case "expired":
      return { page: "error", path: resetErrorPath(endReasonCode(flow.reason)) };
    case "denied":
      return { page: "error", path: resetErrorPath(flow.denial) };
  }
}

/** The error page of a reset that stopped; it shows the code's message (and a deny's reason). Unknown codes get a generic message there. */
export function resetErrorPath(code: string): string {
  return `/reset/error?code=${code}`;
}

/**
 * Where the user lands after the new password: the URL an Action set with
 * api.transaction.setResultUrl, else a ticket's result URL, else our done page (told the application the reset came from). An Action's URL is
 * taken only when it is absolute http(s) (the api checked it already; this is the last line
 * against an open redirect to `javascript:`).
 */
function resultUrlOf(flow: Extract<ResetFlow, { state: "completed" }>): string {
  const fromAction = flow.progress.resultUrl;
  if (fromAction && isHttpUrl(fromAction)) return fromAction;
  return flow.resultUrl ?? doneUrlOf(flow);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
