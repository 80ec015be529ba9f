"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/app/components";
import { PasswordField, type PasswordRule } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { completeResetAction } from "../form-actions";

export function NewPasswordForm({ policy }: { policy: PasswordPolicySettings }) {
  const [state, action] = useActionState<FormState, FormData>(completeResetAction, { ok: false });
  const fields = state.fields ?? {};
  // After a refusal the field to fix has the focus (a page answered without JavaScript included).
  const focusConfirm = Boolean(fields.confirmPassword) && !fields.password;
  const t = useTranslations();
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <PasswordField
        label={t("reset.newPasswordLabel")}
        name="password"
        autoComplete="new-password"
        required
        autoFocus={!focusConfirm}
        defaultValue={state.values?.password}
        error={fields.password}
        rules={state.data?.rules as PasswordRule[] | undefined}
        policy={policy}
      />
      <PasswordField
        label={t("reset.confirmPasswordLabel")}
        name="confirmPassword"
        autoComplete="new-password"
        required
        autoFocus={focusConfirm}
        defaultValue={state.values?.confirmPassword}
        error={fields.confirmPassword}
      />
      <SubmitButton block pendingLabel={t("common.saving")}>
        {t("reset.savePassword")}
      </SubmitButton>
    </form>
  );
}
