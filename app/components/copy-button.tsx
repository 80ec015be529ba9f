"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

/** Copies `value` to the clipboard and says so; `label` names what is copied for screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState("");
  const t = useTranslations("methods");
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          if (!navigator.clipboard) {
            setStatus(t("copyUnavailable"));
            return;
          }
          navigator.clipboard.writeText(value).then(
            () => setStatus(t("copied")),
            () => setStatus(t("copyFailed")),
          );
        }}
      >
        {t("copy")}<span className="visually-hidden"> {label}</span>
      </Button>
      <span role="status" className="field__hint">
        {status}
      </span>
    </>
  );
}
