import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, CardPage } from "@/app/components";
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
        <Link href="/account">{t("back")}</Link>
      </p>
    </CardPage>
  );
}
