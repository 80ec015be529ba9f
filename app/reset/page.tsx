import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { INTERACTION_UID, resetRequestSchema } from "@/lib/reset";
import { defaultConnection } from "@/lib/users";
import { RequestResetForm } from "./request-reset-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("title") };
}
export const dynamic = "force-dynamic";

/** The sign-in this reset interrupts, when "Forgot password?" was chosen there (an application's). */
function interactionOf(callbackUrl: unknown): string | undefined {
  const uid = typeof callbackUrl === "string" ? /^\/interaction\/([^/?#]+)$/.exec(callbackUrl)?.[1] : undefined;
  return uid && INTERACTION_UID.test(uid) ? uid : undefined;
}

type Props = { searchParams: Promise<{ identifier?: string | string[]; callbackUrl?: string | string[] }> };

export default async function ResetPage({ searchParams }: Props) {
  const interaction = interactionOf((await searchParams).callbackUrl);
  const connection = await defaultConnection();
  // Carried from the sign-in form (/login/forgot); anything the form would refuse is dropped.
  const t = await getTranslations("reset");
  const carried = resetRequestSchema.safeParse({ identifier: (await searchParams).identifier });
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title={t("title")}
      subtitle={connection.requiresUsername ? t("subtitleEmailOrUsername") : t("subtitleEmail")}
      footer={
        <p>
          {t("remembered")} <a href={interaction ? `/login?${new URLSearchParams({ callbackUrl: `/interaction/${interaction}` })}` : "/login"}>{(await getTranslations("common"))("signIn")}</a>
        </p>
      }
    >
      <RequestResetForm usernames={connection.requiresUsername} defaultIdentifier={carried.success ? carried.data.identifier : undefined} interaction={interaction} />
    </CardPage>
  );
}
