"use client";

import { useActionState, useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import { Alert, Field, PasswordField, SubmitButton } from "@/app/components";
import { checkPassword, type PasswordPolicySettings } from "@/lib/passwords/policy";
import type { FormState } from "@/lib/http/form-state";
import { signUpAction } from "./actions";

type Props = { policy: PasswordPolicySettings; requiresUsername: boolean };

export function SignUpForm({ policy, requiresUsername }: Props) {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, { ok: false });
  // React resets the form after the action; keep what was typed to sign in right after.
  const submitted = useRef<{ email: string; password: string } | null>(null);

  useEffect(() => {
    if (!state.ok || !submitted.current) return;
    const { email, password } = submitted.current;
    submitted.current = null;
    void signIn("credentials", { identifier: email, password, callbackUrl: "/account" });
  }, [state]);

  const fields = state.fields ?? {};
  return (
    <form
      action={action}
      noValidate
      className="stack"
      onSubmit={(event) => {
        const form = new FormData(event.currentTarget);
        submitted.current = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
      }}
    >
      {state.message && !state.ok && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      {state.code === "USER_EXISTS" ? <Alert kind="error">{state.message}</Alert> : null}
      {state.ok ? <Alert kind="success">Account created. Signing you in…</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus maxLength={254} error={fields.email} />
      {requiresUsername ? <Field label="Username" name="username" autoComplete="username" required maxLength={128} error={fields.username} /> : null}
      <Field label="Name" name="name" autoComplete="name" maxLength={300} hint="Optional." error={fields.name} />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        required
        error={fields.password}
        checkRules={(value) => checkPassword(value, policy, {}).rules}
      />
      <SubmitButton block>Create account</SubmitButton>
    </form>
  );
}
