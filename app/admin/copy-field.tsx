"use client";

import { useState } from "react";
import { Button } from "@/app/components";

/** A read-only value (a reset link, a client secret) with a Copy button. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="inline-form">
        <input id={id} className="input" readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          Copy<span className="visually-hidden"> {label}</span>
        </Button>
      </div>
      <p className="field__hint" role="status">
        {copied ? "Copied." : ""}
      </p>
    </div>
  );
}
