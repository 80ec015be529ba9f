"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { PasswordField } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import { createUserAction } from "./user-actions";

export function CreateUserForm({ requiresUsername, policy }: { requiresUsername: boolean; policy: PasswordPolicySettings }) {
  const [state, action] = useActionState<FormState, FormData>(createUserAction, { ok: false });
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      {state.message && !state.ok && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="off" required error={fields.email} />
      {requiresUsername ? <Field label="Username" name="username" autoComplete="off" required error={fields.username} /> : null}
      <Field label="Name (optional)" name="name" autoComplete="off" error={fields.name} />
      <PasswordField label="Password" name="password" autoComplete="new-password" required error={fields.password} rules={state.data?.rules as never} policy={policy} audience="other" />
      <div className="checkbox">
        <input type="checkbox" id="field-emailVerified" name="emailVerified" />
        <label htmlFor="field-emailVerified">The email address is verified</label>
      </div>
      <SubmitButton>Create user</SubmitButton>
    </form>
  );
}
