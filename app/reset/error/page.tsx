import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError, type ErrorCode } from "@/lib/errors";
import { loadBoundFlow, resetCookieName } from "@/lib/reset";
import { finishedInThisBrowser, ResetFinishedCard } from "../finished";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("errorTitle") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ code?: string | string[] }> };

/** Only known codes are shown; anything else in the URL gets the generic message (no injection). */
function messageIdFor(code: unknown): `errors.${ErrorCode}` {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code) ? `errors.${code as ErrorCode}` : "errors.INTERNAL";
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
  const t = await getTranslations();
  // A refused or late return from the site an Action sent this browser to changed nothing: the
  // reset still waits there, so the page says so and offers the way back (with a fresh state).
  const site = await waitingSiteHere();
  if (site) {
    const why =
      code === "RESET_CONTINUE_EXPIRED"
        ? t("reset.continueTooLong", { host: site.host })
        : code === "RESET_CONTINUE_INVALID"
          ? t("reset.continueInvalid", { host: site.host })
          : t("reset.continueFailed");
    return (
      <CardPage productName={config().PRODUCT_NAME} title={t("reset.notFinishedTitle")}>
        <Alert kind="error">{`${why} ${t("reset.stillWaits", { host: site.host })}`}</Alert>
        <ContinueAtSite site={site} />
        <p>
          <a href="/reset">{t("reset.startNew")}</a>
        </p>
      </CardPage>
    );
  }
  const denied = code === "RESET_DENIED" ? await denyReason() : undefined;
  // An Action's own deny reason is the tenant's words, shown as written; the default one is ours.
  const message = denied && denied !== ERROR_CODES.RESET_DENIED.message ? denied : t(messageIdFor(code));
  return (
    <CardPage productName={config().PRODUCT_NAME} title={code === "RESET_LINK_USED" ? t("reset.usedTitle") : t("reset.notResetTitle")}>
      <Alert kind="error">{message}</Alert>
      <p>
        <a href="/login">{t("common.signIn")}</a> · <a href="/reset">{t("reset.startNew")}</a>
      </p>
    </CardPage>
  );
}
