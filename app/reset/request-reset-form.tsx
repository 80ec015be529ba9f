"use client";

import { useActionState } from "react";
import { Alert, Field, SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { requestResetAction } from "./form-actions";

export function RequestResetForm({ label, interaction }: { label: string; interaction?: string }) {
  const [state, action] = useActionState<FormState, FormData>(requestResetAction, { ok: false });
  return (
    <form action={action} noValidate className="stack">
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      {interaction ? <input type="hidden" name="interaction" value={interaction} /> : null}
      <Field label={label} name="identifier" autoComplete="username" required autoFocus maxLength={254} error={state.fields?.identifier} defaultValue={state.values?.identifier} />
      <SubmitButton block pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}
