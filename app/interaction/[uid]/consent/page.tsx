import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/components";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { consentBridge } from "@/lib/oidc-bridge";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("consent"))("title") };
}
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ uid: string }> };

const SCOPE_LABELS = {
  openid: "scopeOpenid",
  profile: "scopeProfile",
  email: "scopeEmail",
  offline_access: "scopeOfflineAccess",
} as const;

/** A third-party application asks for access; plain forms, so it works without JavaScript. */
export default async function ConsentPage({ params }: Props) {
  const { uid } = await params;
  const jar = await cookies();
  const view = await consentBridge()?.consentView(uid, jar.getAll().map((c) => `${c.name}=${c.value}`).join("; "));
  const productName = config().PRODUCT_NAME;
  const t = await getTranslations("consent");
  if (!view) {
    return (
      <CardPage productName={productName} title={t("expiredTitle")}>
        <p>{t("expiredBody")}</p>
      </CardPage>
    );
  }
  const base = `/interaction/${encodeURIComponent(view.uid)}`;
  return (
    <CardPage productName={productName} title={t("allowTitle", { name: view.clientName })} subtitle={t("asks", { name: view.clientName })}>
      <ul>
        {view.scopes.map((scope) => (
          <li key={scope}>{Object.hasOwn(SCOPE_LABELS, scope) ? t(SCOPE_LABELS[scope as keyof typeof SCOPE_LABELS]) : scope}</li>
        ))}
      </ul>
      <form method="post" action={`${base}/confirm`}>
        <Button type="submit" block>
          {t("allow")}
        </Button>
      </form>
      <form method="post" action={`${base}/abort`}>
        <Button type="submit" variant="secondary" block>
          {t("deny")}
        </Button>
      </form>
    </CardPage>
  );
}
