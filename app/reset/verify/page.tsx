import type { Metadata } from "next";
import Link from "next/link";
import { finishedInThisBrowser, ResetFinishedCard } from "../finished";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";
import { Alert, Button, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { ERROR_CODES } from "@/lib/errors";
import { inspectResetTicket } from "@/lib/reset";

export const metadata: Metadata = { title: "Reset your password" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ ticket?: string | string[] }> };

const PROBLEMS = {
  invalid: ERROR_CODES.RESET_LINK_INVALID.message,
  used: ERROR_CODES.RESET_LINK_USED.message,
  expired: ERROR_CODES.RESET_LINK_EXPIRED.message,
  superseded: ERROR_CODES.RESET_LINK_SUPERSEDED.message,
  revoked: ERROR_CODES.RESET_LINK_REVOKED.message,
  blocked: ERROR_CODES.RESET_USER_BLOCKED.message,
} as const;

/**
 * Opening the link changes nothing: mail scanners and link previews fetch it too. The ticket is
 * used only when a person presses Continue (a POST).
 */
export default async function VerifyResetLinkPage({ searchParams }: Props) {
  const { ticket } = await searchParams;
  const value = typeof ticket === "string" ? ticket.slice(0, 100) : "";
  const status = value ? await inspectResetTicket(value) : "invalid";
  const productName = config().PRODUCT_NAME;
  if (status === "used" && (await finishedInThisBrowser())) return <ResetFinishedCard where="here" />;
  // Back from the site an Action sent this browser to: the link did its job, the reset waits there.
  const site = status === "used" ? await waitingSiteHere() : null;
  if (site) {
    return (
      <CardPage productName={productName} title="Your reset continues on another site">
        <Alert kind="info">{`This link already brought you into your reset; it now waits for a step on ${site.host}. Continue there to choose your new password.`}</Alert>
        <ContinueAtSite site={site} />
        <p>
          <Link href="/reset">Start a new password reset</Link>
        </p>
      </CardPage>
    );
  }
  if (status !== "valid") {
    return (
      <CardPage productName={productName} title="This link cannot be used">
        <Alert kind="error">{PROBLEMS[status]}</Alert>
        <p>
          {status === "used" ? (
            <>
              <Link href="/login">Sign in</Link> ·{" "}
            </>
          ) : null}
          <Link href="/reset">Ask for a new link</Link>
        </p>
      </CardPage>
    );
  }
  return (
    <CardPage productName={productName} title="Reset your password" subtitle="Continue to choose a new password in this browser.">
      <form method="post" action="/reset/verify/confirm" className="stack">
        <input type="hidden" name="ticket" value={value} />
        <Button type="submit" block autoFocus>
          Continue
        </Button>
      </form>
    </CardPage>
  );
}
