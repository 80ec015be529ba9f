"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/app/components";
import { PasswordField, type PasswordRule } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { changePasswordAction } from "./form-actions";

export function ChangePasswordForm({ policy }: { policy: PasswordPolicySettings }) {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, { ok: false });
  const fields = state.fields ?? {};
  const t = useTranslations();
  if (state.ok) {
    return (
      <Alert kind="success" title={t("reset.changedTitle")}>
        {t.rich("account.changedBody", { link: (chunks) => <a href="/login">{chunks}</a> })}
      </Alert>
    );
  }
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <PasswordField label={t("account.currentPassword")} name="currentPassword" autoComplete="current-password" required error={fields.currentPassword} />
      <PasswordField
        label={t("reset.newPasswordLabel")}
        name="newPassword"
        autoComplete="new-password"
        required
        error={fields.password ?? fields.newPassword}
        policy={policy}
        rules={state.data?.rules as PasswordRule[] | undefined}
      />
      <PasswordField label={t("reset.confirmPasswordLabel")} name="confirmPassword" autoComplete="new-password" required error={fields.confirmPassword} />
      <SubmitButton>{t("account.changePassword")}</SubmitButton>
    </form>
  );
}
