import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError, type ErrorCode } from "@/lib/errors";
import { loadBoundFlow, resetCookieName } from "@/lib/reset";
import { finishedInThisBrowser, ResetFinishedCard } from "../finished";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";

export const metadata: Metadata = { title: "Password reset" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ code?: string | string[] }> };

/** Only known codes are shown; anything else in the URL gets the generic message (no injection). */
function messageFor(code: unknown): string {
  if (typeof code === "string" && Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as ErrorCode].message;
  return ERROR_CODES.INTERNAL.message;
}

/**
 * An Action's deny reason is meant for the user (Auth0: "may be shown to the end user"). It is read
 * from this browser's own denied flow, never from the URL, so nobody can put words on this page.
 */
async function denyReason(): Promise<string | undefined> {
  try {
    await loadBoundFlow((await cookies()).get(resetCookieName())?.value);
  } catch (error) {
    if (isAppError(error) && error.code === "RESET_DENIED") return error.message;
  }
  return undefined;
}

export default async function ResetErrorPage({ searchParams }: Props) {
  const { code } = await searchParams;
  // A used link after a reset finished in this browser: the password was changed, not "not reset".
  if (code === "RESET_LINK_USED" && (await finishedInThisBrowser())) return <ResetFinishedCard where="here" />;
  // A refused or late return from the site an Action sent this browser to changed nothing: the
  // reset still waits there, so the page says so and offers the way back (with a fresh state).
  const site = await waitingSiteHere();
  if (site) {
    const why =
      code === "RESET_CONTINUE_EXPIRED"
        ? `The step on ${site.host} took too long.`
        : code === "RESET_CONTINUE_INVALID"
          ? `The way back from ${site.host} was not valid or was already used.`
          : "That did not work.";
    return (
      <CardPage productName={config().PRODUCT_NAME} title="Your reset is not finished yet">
        <Alert kind="error">{`${why} Nothing was changed: your reset still waits for the step on ${site.host}. Continue there to go on.`}</Alert>
        <ContinueAtSite site={site} />
        <p>
          <Link href="/reset">Start a new password reset</Link>
        </p>
      </CardPage>
    );
  }
  const message = (code === "RESET_DENIED" ? await denyReason() : undefined) ?? messageFor(code);
  return (
    <CardPage productName={config().PRODUCT_NAME} title={code === "RESET_LINK_USED" ? "This reset link was already used" : "Your password was not reset"}>
      <Alert kind="error">{message}</Alert>
      <p>
        <Link href="/login">Sign in</Link> · <Link href="/reset">Start a new password reset</Link>
      </p>
    </CardPage>
  );
}
