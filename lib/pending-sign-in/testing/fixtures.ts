import { NextRequest } from "next/server";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { TEST_PASSWORD } from "@/lib/factors/testing/fixtures";
import { CLIENT_IP_HEADER, sealClientIp, type RequestContext } from "@/lib/http";
import { testRequestContext } from "@/lib/testing/context";
import { defaultConnection, signInWithPassword, type SignedInUser } from "@/lib/users";
import { pendingSignInCookieName } from "../handle";

/** Sets the default connection's MFA policy (never, enrolled, always). */
export async function setMfaPolicy(policy: string): Promise<void> {
  const db = await prisma();
  await db.connection.update({ where: { id: (await defaultConnection()).id }, data: { mfaPolicy: policy } });
}

/** A password sign-in: either a session, or the handle of the pending sign-in it opened and the error. */
export async function passwordStep(identifier: string, ctx: RequestContext = testRequestContext()) {
  let handle: string | undefined;
  const outcome = await signInWithPassword(identifier, TEST_PASSWORD, ctx, (pending) => (handle = pending.handle)).then(
    (user) => ({ user }) as { user: SignedInUser; error?: undefined },
    (error: unknown) => ({ error: error as { code: string; status: number } }) as { user?: undefined; error: { code: string; status: number } },
  );
  return { ...outcome, handle, ctx };
}

/**
 * A same-origin POST to one of /login/verify's route handlers, as this browser sends it: with the
 * pending sign-in's cookie when a handle is given (any string: a forged one too).
 */
export function proofStepRequest(path: string, body: string | Record<string, unknown>, handle?: string): NextRequest {
  const form = typeof body === "string";
  const headers = new Headers({ origin: config().PUBLIC_URL, "content-type": form ? "application/x-www-form-urlencoded" : "application/json" });
  if (handle !== undefined) headers.set("cookie", `${pendingSignInCookieName()}=${handle}`);
  headers.set(CLIENT_IP_HEADER, sealClientIp(testRequestContext().ip));
  return new NextRequest(`${config().PUBLIC_URL}${path}`, { method: "POST", headers, body: form ? body : JSON.stringify(body) });
}
