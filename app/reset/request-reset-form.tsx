"use client";

import { useActionState } from "react";
import { Alert, Field, SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { requestResetAction } from "./form-actions";

/** `usernames`: the connection signs in with usernames too; else the label and its errors say "email". */
export function RequestResetForm({ usernames, defaultIdentifier, interaction }: { usernames: boolean; defaultIdentifier?: string; interaction?: string }) {
  const label = usernames ? "Email or username" : "Email";
  const [state, action] = useActionState<FormState, FormData>(requestResetAction, { ok: false });
  return (
    <form action={action} noValidate className="stack">
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      {interaction ? <input type="hidden" name="interaction" value={interaction} /> : null}
      <Field label={label} name="identifier" autoComplete="username" required autoFocus maxLength={254} error={usernames ? state.fields?.identifier : state.fields?.identifier?.replace(" or username", "")} defaultValue={state.values?.identifier ?? defaultIdentifier} />
      <SubmitButton block pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}
