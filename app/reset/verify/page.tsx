import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { finishedInThisBrowser, ResetFinishedCard } from "../finished";
import { ContinueAtSite, waitingSiteHere } from "../waiting-site";
import { Alert, Button } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { inspectResetTicket, TICKET_STATUS_ERRORS } from "@/lib/reset";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("title") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ ticket?: string | string[] }> };

/**
 * Opening the link changes nothing: mail scanners and link previews fetch it too. The ticket is
 * used only when a person presses Continue (a POST).
 */
export default async function VerifyResetLinkPage({ searchParams }: Props) {
  const { ticket } = await searchParams;
  const value = typeof ticket === "string" ? ticket.slice(0, 100) : "";
  const status = value ? await inspectResetTicket(value) : "invalid";
  const productName = config().PRODUCT_NAME;
  const t = await getTranslations();
  if (status === "used" && (await finishedInThisBrowser())) return <ResetFinishedCard where="here" />;
  // Back from the site an Action sent this browser to: the link did its job, the reset waits there.
  const site = status === "used" ? await waitingSiteHere() : null;
  if (site) {
    return (
      <CardPage productName={productName} title={t("reset.continuesElsewhereTitle")}>
        <Alert kind="info">{t("reset.linkBroughtYouIn", { host: site.host })}</Alert>
        <ContinueAtSite site={site} />
        <p>
          <a href="/reset">{t("reset.startNew")}</a>
        </p>
      </CardPage>
    );
  }
  if (status !== "valid") {
    return (
      <CardPage productName={productName} title={t("reset.linkUnusableTitle")}>
        <Alert kind="error">{t(`errors.${TICKET_STATUS_ERRORS[status]}`)}</Alert>
        <p>
          {status === "used" ? (
            <>
              <a href="/login">{t("common.signIn")}</a> ·{" "}
            </>
          ) : null}
          <a href="/reset">{t("reset.askNewLink")}</a>
        </p>
      </CardPage>
    );
  }
  return (
    <CardPage productName={productName} title={t("reset.title")} subtitle={t("reset.continueHere")}>
      <form method="post" action="/reset/verify/confirm" className="stack">
        <input type="hidden" name="ticket" value={value} />
        <Button type="submit" block autoFocus>
          {t("common.continue")}
        </Button>
      </form>
    </CardPage>
  );
}
