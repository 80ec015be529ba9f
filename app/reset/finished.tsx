import { cookies } from "next/headers";
import { useTranslations } from "next-intl";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
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
  const t = useTranslations("reset");
  return (
    <CardPage productName={config().PRODUCT_NAME} title={t("alreadyChangedTitle")}>
      <Alert kind="success">{where === "here" ? t("finishedHere") : t("finishedElsewhere")}</Alert>
      <SignInAfterReset />
    </CardPage>
  );
}

/** The next step after a reset: the sign-in form (prefilled when this browser asked for the reset). */
export function SignInAfterReset() {
  const t = useTranslations("common");
  return (
    <p>
      <a href="/login?notice=password-reset" className="button button--primary button--block">
        {t("signIn")}
      </a>
    </p>
  );
}
