"use client";

import { useActionState } from "react";
import { Alert, Field, SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { verifyCodeAction } from "../form-actions";

export function CodeForm() {
  const [state, action] = useActionState<FormState, FormData>(verifyCodeAction, { ok: false });
  return (
    <form action={action} noValidate className="stack">
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Code from the email" name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={12} required error={state.fields?.code} />
      <SubmitButton block pendingLabel="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}
