"use client";

import { useActionState } from "react";
import { SubmitButton, type ButtonVariant } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";

/**
 * One button that runs a server action for one row (block a user, remove a factor, retry a
 * delivery), its outcome announced beside it. `target` completes the button's accessible name,
 * so a screen reader hears "Remove Authenticator app" rather than a list of "Remove".
 */
export function RowAction({
  action,
  fields,
  label,
  target,
  variant = "secondary",
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  target: string;
  variant?: ButtonVariant;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, { ok: false });
  return (
    <form action={formAction} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} size="sm">
        {label}
        <span className="visually-hidden"> {target}</span>
      </SubmitButton>
      {state.message ? (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "muted" : "field__error"}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
