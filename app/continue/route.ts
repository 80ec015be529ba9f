import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { readBody, requestContextFrom, TOKEN_PAGE_REFERRER_POLICY } from "@/lib/http";
import { continueParamsSchema, continuePostChallenge, resetCookieName, resetErrorPath, type ContinueParams } from "@/lib/reset";
import { postLoginContinueBridge } from "@/lib/oidc-bridge";
import { continueBouncePage } from "./bounce";

/** Nothing an external site sends back is larger: a state, a signed token, a few fields. */
const MAX_BODY_BYTES = 16 * 1024;

const NO_STORE = { "cache-control": "no-store, max-age=0", "referrer-policy": TOKEN_PAGE_REFERRER_POLICY };

/**
 * Where an Action's redirect comes back (spec §1.4), by GET or POST. No same-origin check: the
 * request comes from another site by design; the single-use `state` bound to this browser's reset
 * is what proves it belongs here.
 */
export async function GET(request: NextRequest) {
  return resume(request, () => Promise.resolve({}));
}

export async function POST(request: NextRequest) {
  return resume(request, () => readBody(request, continueParamsSchema, MAX_BODY_BYTES));
}

async function resume(request: NextRequest, readPosted: () => Promise<Record<string, unknown>>) {
  const base = config().PUBLIC_URL;
  try {
    const query = continueParamsSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
    const body = await readPosted();
    // A sign-in a post-login Action sent away comes back here too; its state names the interaction.
    const signIn = typeof query.state === "string" ? await postLoginContinueBridge()?.continueSignIn(query.state, { query, body }) : null;
    if (signIn) return NextResponse.redirect(new URL(signIn, base), { status: 303, headers: NO_STORE });
    const cookieValue = request.cookies.get(resetCookieName())?.value;
    if (request.method === "POST" && !cookieValue && fromAnotherSite(request)) {
      const action = `/continue${request.nextUrl.search}`;
      return new NextResponse(continueBouncePage(config().PRODUCT_NAME, action, body, request.headers.get("x-nonce")), {
        headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE },
      });
    }
    const params: ContinueParams = { query, body };
    const { next } = await continuePostChallenge({ cookieValue, params, ctx: requestContextFrom(request.headers, request.method) });
    return NextResponse.redirect(new URL(next, base), { status: 303, headers: NO_STORE });
  } catch (error) {
    return NextResponse.redirect(new URL(resetErrorPath(toAppError(error).code), base), { status: 303, headers: NO_STORE });
  }
}

/**
 * Whether a browser sent this POST from another site, and so left the SameSite=Lax cookie out.
 * Sec-Fetch-Site says so directly; browsers without it still send Origin on every POST. `null`
 * (a page under a no-referrer policy) never counts, so the re-send page cannot loop.
 */
function fromAnotherSite(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin !== "null" && origin !== request.nextUrl.origin && origin !== new URL(config().PUBLIC_URL).origin;
}
