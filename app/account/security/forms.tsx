"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Field } from "@/app/components";
import { PasswordField } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
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
  const t = useTranslations();
  return (
    <form action={action} noValidate className="stack">
      <FormError state={state} />
      <PasswordField label={t("common.password")} name="password" autoComplete="current-password" required error={state.fields?.password} />
      <SubmitButton pendingLabel={t("common.checking")}>{t("methods.confirmPassword")}</SubmitButton>
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

export function RemoveFactorButton({ factorId, name, label }: { factorId: string; name: string; /** @default "Remove" */ label?: string }) {
  const [state, run] = useActionState<FormState, FormData>(removeFactorAction, { ok: false });
  const t = useTranslations("methods");
  return (
    <form action={run} className="inline-form">
      <input type="hidden" name="factorId" value={factorId} />
      <SubmitButton variant="secondary" size="sm" pendingLabel={t("removing")}>
        {label ?? t("remove")}
        <span className="visually-hidden"> {name}</span>
      </SubmitButton>
      {!state.ok && state.message ? <Alert kind="error">{state.message}</Alert> : null}
    </form>
  );
}

/** A 6-digit code that confirms a set-up (authenticator app, email, phone). */
export function CodeConfirmForm({ action, label, submitLabel, hint }: { action: Action; label: string; submitLabel: string; hint?: string }) {
  const [state, run] = useActionState<FormState, FormData>(action, { ok: false });
  const t = useTranslations("common");
  return (
    <form action={run} noValidate className="stack">
      <FormError state={state} />
      <Field label={label} name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={12} required hint={hint} error={state.fields?.code} />
      <SubmitButton pendingLabel={t("checking")}>{submitLabel}</SubmitButton>
    </form>
  );
}

export function PhoneForm() {
  const [state, run] = useActionState<FormState, FormData>(startPhoneAction, { ok: false });
  const t = useTranslations();
  return (
    <form action={run} noValidate className="stack">
      <FormError state={state} />
      <Field
        label={t("verify.mobileLabel")}
        name="phoneNumber"
        type="tel"
        autoComplete="tel"
        maxLength={32}
        required
        hint={t("verify.phoneHint")}
        error={state.fields?.phoneNumber}
        defaultValue={state.values?.phoneNumber}
      />
      <SubmitButton pendingLabel={t("common.sending")}>{t("reset.sendCode")}</SubmitButton>
    </form>
  );
}

/** Makes a new set of codes and shows it, once: nothing but their hashes is kept. */
export function RecoveryCodesForm({ regenerate, productName }: { regenerate: boolean; productName: string }) {
  const [state, run] = useActionState<FormState, FormData>(generateRecoveryCodesAction, { ok: false });
  const codes = state.ok ? (state.data?.codes as string[] | undefined) : undefined;
  const t = useTranslations("methods");
  return (
    <div className="stack">
      {codes ? (
        <>
          <Alert kind="warning" title={t("saveCodesTitle")}>
            {t("saveCodesBody")}
          </Alert>
          <RecoveryCodesList codes={codes} productName={productName} />
        </>
      ) : null}
      <form action={run} className={codes ? "stack no-print" : "stack"}>
        <FormError state={state} />
        <SubmitButton variant={regenerate ? "secondary" : "primary"} pendingLabel={t("makingCodes")}>
          {regenerate ? t("makeNewCodes") : t("makeCodes")}
        </SubmitButton>
      </form>
    </div>
  );
}

/** Renames a security key; inside <details>, so it needs no JavaScript and stays out of the way. */
export function RenameFactorForm({ factorId, name }: { factorId: string; name: string }) {
  const [state, run] = useActionState<FormState, FormData>(renameFactorAction, { ok: false });
  const t = useTranslations();
  return (
    <details className="rename">
      <summary>
        {t("methods.rename")}<span className="visually-hidden"> {name}</span>
      </summary>
      <form action={run} noValidate className="stack">
        <FormError state={state} />
        <Field label={t("methods.newName")} name="name" id={`rename-${factorId}`} maxLength={60} required defaultValue={name} error={state.fields?.name} />
        <input type="hidden" name="factorId" value={factorId} />
        <SubmitButton variant="secondary" size="sm" pendingLabel={t("common.saving")}>
          {t("methods.saveName")}
        </SubmitButton>
      </form>
    </details>
  );
}
