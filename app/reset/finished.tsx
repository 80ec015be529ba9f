import Link from "next/link";
import { cookies } from "next/headers";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";

/** Set when a reset completes in this browser: a later visit to a reset page tells the truth. */
export const RESET_DONE_COOKIE = "rekey_reset_done";
/** Ten minutes: long enough for Back and a second look, gone before the next person at the desk. */
export const RESET_DONE_SECONDS = 10 * 60;

export async function finishedInThisBrowser(): Promise<boolean> {
  return (await cookies()).get(RESET_DONE_COOKIE)?.value === "1";
}

/**
 * The end state of a reset that already succeeded, here or in another browser: the password is
 * changed, the next step is signing in (prefilled with what was typed, never signed in for the
 * user, so a second factor is never skipped).
 */
export function ResetFinishedCard({ where }: { where: "here" | "elsewhere" }) {
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Your password was already changed">
      <Alert kind="success">
        {where === "here"
          ? "This password reset is finished: your new password is saved."
          : "This password reset was finished in another browser or device: the password is changed there."}
      </Alert>
      <SignInAfterReset />
    </CardPage>
  );
}

/** The next step after a reset: the sign-in form (prefilled when this browser asked for the reset). */
export function SignInAfterReset() {
  return (
    <p>
      <Link href="/login?notice=password-reset" className="button button--primary button--block">
        Sign in
      </Link>
    </p>
  );
}
