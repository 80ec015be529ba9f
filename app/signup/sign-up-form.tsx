"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Field, PasswordField, SubmitButton, type PasswordRule } from "@/app/components";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { signUpAction } from "./form-actions";

type Props = { policy: PasswordPolicySettings; requiresUsername: boolean };

/** The action signs the new account in and goes to /account; this form shows only what went wrong. */
export function SignUpForm({ policy, requiresUsername }: Props) {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, { ok: false });
  if (state.ok) {
    return (
      <Alert kind="success" title="Account created">
        <Link href="/login?callbackUrl=%2Faccount">Sign in</Link> with your email and password.
      </Alert>
    );
  }
  const fields = state.fields ?? {};
  const values = state.values ?? {};
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus maxLength={254} error={fields.email} defaultValue={values.email} />
      {requiresUsername ? <Field label="Username" name="username" autoComplete="username" required maxLength={128} error={fields.username} defaultValue={values.username} /> : null}
      <Field label="Name" name="name" autoComplete="name" maxLength={300} hint="Optional." error={fields.name} defaultValue={values.name} />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        required
        error={fields.password}
        rules={state.data?.rules as PasswordRule[] | undefined}
        policy={policy}
      />
      <SubmitButton block>Create account</SubmitButton>
    </form>
  );
}
