import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Makes a 307 answer to a POST a 303. A form posted without JavaScript is answered by its page,
 * rendered again after the action; when that render redirects (Next.js's redirect() is a 307: the
 * action signed the user out, or moved the reset on), the browser would post the same form again
 * to the new address, where that action does not exist. The answer to a form post is a 303 (see
 * the other page, by GET). No route of ours redirects a POST with 307 on purpose.
 */
export function seeOtherAfterPost(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "POST") return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    return (writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse).call(this, statusCode === 307 ? 303 : statusCode, ...rest);
  } as ServerResponse["writeHead"];
}
