"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { retryDeliveryAction } from "./delivery-actions";

export function RetryButton({ jobId, label }: { jobId: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(retryDeliveryAction, { ok: false });
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton size="sm" variant="secondary">
        Retry<span className="visually-hidden"> {label}</span>
      </SubmitButton>
      {state.message ? (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "muted" : "field__error"}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
