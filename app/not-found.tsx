import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("notFoundTitle") };
}

/** Every unknown address and every notFound(): our card, not the framework's black-and-white page. */
export default async function NotFound() {
  // Rendered per request: the product name is configuration, which a build must not read.
  await connection();
  const t = await getTranslations();
  return (
    <CardPage productName={config().PRODUCT_NAME} title={t("pages.notFoundTitle")}>
      <Alert kind="info">{t("pages.notFoundBody")}</Alert>
      <p>
        <a href="/login">{t("common.signIn")}</a> · <a href="/reset">{t("pages.resetLink")}</a>
      </p>
    </CardPage>
  );
}
