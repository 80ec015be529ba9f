import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { defaultConnection, policyOf } from "@/lib/users";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signup"))("title") };
}
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  const connection = await defaultConnection();
  const t = await getTranslations();
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title={t("signup.title")}
      footer={
        <p>
          {t("signup.haveAccount")} <a href="/login">{t("common.signIn")}</a>
        </p>
      }
    >
      {connection.signupEnabled ? (
        <SignUpForm policy={policyOf(connection)} requiresUsername={connection.requiresUsername} />
      ) : (
        <Alert kind="info">{t("signup.disabled")}</Alert>
      )}
    </CardPage>
  );
}
