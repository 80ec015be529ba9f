import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forbidden"))("title") };
}
export const dynamic = "force-dynamic";

export default async function ForbiddenPage() {
  const t = await getTranslations("forbidden");
  return (
    <CardPage productName={config().PRODUCT_NAME} title={t("title")}>
      <Alert kind="error">{t("body")}</Alert>
      <p>
        <a href="/account">{t("back")}</a>
      </p>
    </CardPage>
  );
}
