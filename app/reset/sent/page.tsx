import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CardPage } from "@/app/components/card-page";
import { config } from "@/lib/config";
import { CodeForm } from "./code-form";
import { RESET_TYPED_COOKIE } from "../typed-identifier";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { resetCookieName } from "@/lib/reset";
import { fromCookieText } from "@/lib/http";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("sentTitle") };
}
export const dynamic = "force-dynamic";

export default async function ResetSentPage() {
  const jar = await cookies();
  const t = await getTranslations("reset");
  const typed = fromCookieText(jar.get(RESET_TYPED_COOKIE)?.value);
  // A new email starts a new flow (a new cookie): the code form starts over with it.
  // The cookie holds the flow's browser secret: only a digest of it may reach the page.
  const flowKey = createHash("sha256").update(jar.get(resetCookieName())?.value ?? "").digest("base64url");
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title={t("sentTitle")}
      subtitle={typed ? t.rich("sentSubtitleTyped", { typed, strong: (chunks) => <strong className="typed-identifier">{chunks}</strong> }) : t("sentSubtitle")}
      footer={<p>{t.rich("sentNoEmail", { link: (chunks) => <a href="/reset">{chunks}</a> })}</p>}
    >
      <p>{t("sentBody")}</p>
      <CodeForm key={flowKey} typed={typed} />
    </CardPage>
  );
}
