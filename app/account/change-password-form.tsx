"use client";

import { useActionState } from "react";
import { Alert, PasswordField, SubmitButton, type PasswordRule } from "@/app/components";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { changePasswordAction } from "./form-actions";

export function ChangePasswordForm({ policy }: { policy: PasswordPolicySettings }) {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, { ok: false });
  const fields = state.fields ?? {};
  if (state.ok) {
    return (
      <Alert kind="success" title="Password changed">
        You have been signed out everywhere. <a href="/login">Sign in with your new password</a>.
      </Alert>
    );
  }
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <PasswordField label="Current password" name="currentPassword" autoComplete="current-password" required error={fields.currentPassword} />
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        required
        error={fields.password ?? fields.newPassword}
        policy={policy}
        rules={state.data?.rules as PasswordRule[] | undefined}
      />
      <PasswordField label="Confirm new password" name="confirmPassword" autoComplete="new-password" required error={fields.confirmPassword} />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
