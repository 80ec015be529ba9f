"use client";
import { useActionState } from "react";
import { Alert, Field, PasswordField, SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { RecoveryCodesList } from "./recovery-codes-list";
import {
  confirmPasswordAction,
  generateRecoveryCodesAction,
  removeFactorAction,
  renameFactorAction,
  startPhoneAction,
} from "./form-actions";

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;

function FormError({ state }: { state: FormState }) {
  if (state.ok || !state.message || (state.fields && Object.keys(state.fields).length)) return null;
  return <Alert kind="error">{state.message}</Alert>;
}

export function ReauthForm() {
  const [state, action] = useActionState<FormState, FormData>(confirmPasswordAction, { ok: false });
  return (
    <form action={action} noValidate className="stack">
      <FormError state={state} />
      <PasswordField label="Password" name="password" autoComplete="current-password" required error={state.fields?.password} />
      <SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>
    </form>
  );
}

/** One button that runs one server action (start a set-up, turn a factor on). */
export function ActionButton({ action, children, pendingLabel, variant }: { action: Action; children: React.ReactNode; pendingLabel?: string; variant?: "primary" | "secondary" | "danger" }) {
  const [state, run] = useActionState<FormState, FormData>(action, { ok: false });
  return (
    <form action={run} className="stack">
      <FormError state={state} />
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {children}
      </SubmitButton>
    </form>
  );
}

export function RemoveFactorButton({ factorId, name, label = "Remove" }: { factorId: string; name: string; label?: string }) {
  const [state, run] = useActionState<FormState, FormData>(removeFactorAction, { ok: false });
  return (
    <form action={run} className="inline-form">
      <input type="hidden" name="factorId" value={factorId} />
      <SubmitButton variant="secondary" size="sm" pendingLabel="Removing…">
        {label}
        <span className="visually-hidden"> {name}</span>
      </SubmitButton>
      {!state.ok && state.message ? <Alert kind="error">{state.message}</Alert> : null}
    </form>
  );
}

/** A 6-digit code that confirms a set-up (authenticator app, email, phone). */
export function CodeConfirmForm({ action, label, submitLabel, hint }: { action: Action; label: string; submitLabel: string; hint?: string }) {
  const [state, run] = useActionState<FormState, FormData>(action, { ok: false });
  return (
    <form action={run} noValidate className="stack">
      <FormError state={state} />
      <Field label={label} name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={12} required hint={hint} error={state.fields?.code} />
      <SubmitButton pendingLabel="Checking…">{submitLabel}</SubmitButton>
    </form>
  );
}

export function PhoneForm() {
  const [state, run] = useActionState<FormState, FormData>(startPhoneAction, { ok: false });
  return (
    <form action={run} noValidate className="stack">
      <FormError state={state} />
      <Field
        label="Mobile number"
        name="phoneNumber"
        type="tel"
        autoComplete="tel"
        maxLength={32}
        required
        hint="With the country code, like +44 20 7946 0958."
        error={state.fields?.phoneNumber}
        defaultValue={state.values?.phoneNumber}
      />
      <SubmitButton pendingLabel="Sending…">Send code</SubmitButton>
    </form>
  );
}

/** Makes a new set of codes and shows it, once: nothing but their hashes is kept. */
export function RecoveryCodesForm({ regenerate, productName }: { regenerate: boolean; productName: string }) {
  const [state, run] = useActionState<FormState, FormData>(generateRecoveryCodesAction, { ok: false });
  const codes = state.ok ? (state.data?.codes as string[] | undefined) : undefined;
  return (
    <div className="stack">
      {codes ? (
        <>
          <Alert kind="warning" title="Save these codes now">
            They are shown only this once. Keep them somewhere safe, away from this device: each code works once, when you
            cannot use your other methods.
          </Alert>
          <RecoveryCodesList codes={codes} productName={productName} />
        </>
      ) : null}
      <form action={run} className={codes ? "stack no-print" : "stack"}>
        <FormError state={state} />
        <SubmitButton variant={regenerate ? "secondary" : "primary"} pendingLabel="Making codes…">
          {regenerate ? "Make new recovery codes" : "Make recovery codes"}
        </SubmitButton>
      </form>
    </div>
  );
}

/** Renames a security key; inside <details>, so it needs no JavaScript and stays out of the way. */
export function RenameFactorForm({ factorId, name }: { factorId: string; name: string }) {
  const [state, run] = useActionState<FormState, FormData>(renameFactorAction, { ok: false });
  return (
    <details className="rename">
      <summary>
        Rename<span className="visually-hidden"> {name}</span>
      </summary>
      <form action={run} noValidate className="stack">
        <FormError state={state} />
        <Field label="New name" name="name" id={`rename-${factorId}`} maxLength={60} required defaultValue={name} error={state.fields?.name} />
        <input type="hidden" name="factorId" value={factorId} />
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…">
          Save name
        </SubmitButton>
      </form>
    </details>
  );
}
