"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies `value` to the clipboard and says so; `label` names what is copied for screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState("");
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          if (!navigator.clipboard) {
            setStatus("Copying is not available here: select the text instead.");
            return;
          }
          navigator.clipboard.writeText(value).then(
            () => setStatus("Copied."),
            () => setStatus("Could not copy: select the text instead."),
          );
        }}
      >
        Copy<span className="visually-hidden"> {label}</span>
      </Button>
      <span role="status" className="field__hint">
        {status}
      </span>
    </>
  );
}
