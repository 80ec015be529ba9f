"use client";

import { useActionState } from "react";
import { buttonClassName, type ButtonVariant } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";

/**
 * One button that runs a server action for one row (block a user, remove a factor, retry a
 * delivery), its outcome announced beside it. `target` completes the button's accessible name,
 * so a screen reader hears "Remove Authenticator app" rather than a list of "Remove". With
 * `confirm`, the button only opens a confirmation (a native <details>, so it works the same without
 * JavaScript) whose "Yes" runs the action.
 */
export function RowAction({
  action,
  fields,
  label,
  target,
  variant = "secondary",
  confirm,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  target: string;
  variant?: ButtonVariant;
  /** The question asked before the action runs ("Block ada@example.com? …"). */
  confirm?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, { ok: false });
  const outcome = state.message ? (
    <span role={state.ok ? "status" : "alert"} className={state.ok ? "muted" : "field__error"}>
      {state.message}
    </span>
  ) : null;
  const hidden = Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
  if (confirm && !state.ok) {
    return (
      <details className="confirm-action">
        <summary className={buttonClassName(variant, { size: "sm" })}>
          {label}
          <span className="visually-hidden"> {target}</span>
        </summary>
        <form action={formAction} className="confirm-action__panel stack">
          {hidden}
          <p>{confirm}</p>
          <SubmitButton variant={variant} size="sm">
            Yes, {label.toLowerCase()}
            <span className="visually-hidden"> {target}</span>
          </SubmitButton>
          {outcome}
        </form>
      </details>
    );
  }
  return (
    <form action={formAction} className="inline-form">
      {hidden}
      <SubmitButton variant={variant} size="sm">
        {label}
        <span className="visually-hidden"> {target}</span>
      </SubmitButton>
      {outcome}
    </form>
  );
}
