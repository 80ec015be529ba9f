"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/app/components/alert";
import { Button } from "@/app/components/button";
import { CardFrame } from "@/app/components/card-frame";
import { useProductName } from "@/app/components/product-name";

/**
 * What a page shows when it fails (app/error.tsx loads it then): our card and the generic message. The error's
 * own text is never shown (a production build replaces it anyway); its digest is, so a person can
 * quote it and the operator can find the logged detail.
 */
export default function ErrorCard({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations();
  return (
    <CardFrame productName={useProductName()} title={t("pages.errorTitle")}>
      <Alert kind="error">{t("errors.INTERNAL")}</Alert>
      {error.digest ? <p className="muted text-sm">{t("pages.reference", { digest: error.digest })}</p> : null}
      <div className="form-actions">
        <Button onClick={() => reset()}>{t("pages.tryAgain")}</Button>
        <a href="/login">{t("common.signIn")}</a>
      </div>
    </CardFrame>
  );
}
