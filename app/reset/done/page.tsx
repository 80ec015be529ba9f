import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { findApplication } from "@/lib/applications";
import { config } from "@/lib/config";
import { INTERACTION_UID } from "@/lib/reset";
import { SignInAfterReset } from "../finished";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("changedTitle") };
}
export const dynamic = "force-dynamic";

type Back = { name: string; href: string };

/**
 * "Back to <app>" when the reset came from an application (its sign-in's "Forgot password?",
 * a ticket or change_password with client_id): the interrupted sign-in resumes, and where it no
 * longer can (expired, another browser) the interaction step sends the browser to the app's login
 * URI. Only ids come in the query; the application, its name and its URI come from our table.
 */
async function backToApp(params: Record<string, string | string[] | undefined>): Promise<Back | null> {
  const clientId = typeof params.client_id === "string" ? params.client_id : undefined;
  if (!clientId) return null;
  const app = await findApplication(clientId);
  if (!app || app.appType === "non_interactive") return null;
  const uid = typeof params.interaction === "string" && INTERACTION_UID.test(params.interaction) ? params.interaction : undefined;
  if (uid) return { name: app.name, href: `/interaction/${uid}?${new URLSearchParams({ client_id: app.id })}` };
  return app.initiateLoginUri ? { name: app.name, href: app.initiateLoginUri } : null;
}

export default async function ResetDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const back = await backToApp(await searchParams);
  const t = await getTranslations("reset");
  return (
    <CardPage productName={config().PRODUCT_NAME} title={t("changedTitle")}>
      <Alert kind="success">{t("changedBody")}</Alert>
      {back ? (
        <p>
          <a href={back.href} className="button button--primary button--block">
            {t("backTo", { name: back.name })}
          </a>
        </p>
      ) : (
        <SignInAfterReset />
      )}
    </CardPage>
  );
}
