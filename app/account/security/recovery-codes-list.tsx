"use client";

import { useTranslations } from "next-intl";
import { Button, buttonClassName } from "@/app/components";
import { CopyButton } from "@/app/components/copy-button";

/**
 * The codes just made, shown once, with ways to keep them: copy, a .txt download (a data: link, so
 * it works without JavaScript) and print; then "I have saved them", which closes the list.
 */
export function RecoveryCodesList({ codes, productName }: { codes: string[]; productName: string }) {
  const t = useTranslations("methods");
  const text = [t("fileTitle", { product: productName }), t("fileEachOnce"), "", ...codes, ""].join("\n");
  return (
    <div className="stack recovery-codes">
      <ul className="code-list" aria-label={t("recoveryCaption")}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="form-actions no-print">
        <CopyButton value={text} label={t("copyCodes")} />
        <a className={buttonClassName("secondary", { size: "sm" })} href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="recovery-codes.txt">
          {t("download")}
        </a>
        <Button variant="secondary" size="sm" onClick={() => window.print()}>
          {t("print")}
        </Button>
      </div>
      {/* A plain GET back to this page: the codes are never shown again. `required` keeps it closed until ticked, with or without JavaScript. */}
      <form method="get" action="/account/security" className="stack no-print">
        <div className="checkbox">
          <input type="checkbox" id="saved-codes" name="saved" required />
          <label htmlFor="saved-codes">{t("savedCheck")}</label>
        </div>
        <Button type="submit">{t("done")}</Button>
      </form>
    </div>
  );
}
