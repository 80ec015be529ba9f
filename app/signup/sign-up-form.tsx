"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Field } from "@/app/components";
import { PasswordField, type PasswordRule } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { signUpAction } from "./form-actions";

type Props = { policy: PasswordPolicySettings; requiresUsername: boolean };

/** The action signs the new account in and goes to /account; this form shows only what went wrong. */
export function SignUpForm({ policy, requiresUsername }: Props) {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, { ok: false });
  const t = useTranslations();
  if (state.ok) {
    return (
      <Alert kind="success" title={t("signup.created")}>
        {t.rich("signup.createdBody", { link: (chunks) => <a href="/login?callbackUrl=%2Faccount">{chunks}</a> })}
      </Alert>
    );
  }
  const fields = state.fields ?? {};
  const values = state.values ?? {};
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label={t("reset.labelEmail")} name="email" type="email" autoComplete="email" required autoFocus maxLength={254} error={fields.email} defaultValue={values.email} />
      {requiresUsername ? <Field label={t("signup.username")} name="username" autoComplete="username" required maxLength={128} error={fields.username} defaultValue={values.username} /> : null}
      <Field label={t("signup.name")} name="name" autoComplete="name" maxLength={300} hint={t("signup.optional")} error={fields.name} defaultValue={values.name} />
      <PasswordField
        label={t("common.password")}
        name="password"
        autoComplete="new-password"
        required
        error={fields.password}
        rules={state.data?.rules as PasswordRule[] | undefined}
        policy={policy}
      />
      <SubmitButton block>{t("signup.submit")}</SubmitButton>
    </form>
  );
}
