"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { PasswordField } from "@/app/components/password-field";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import type { PasswordPolicySettings } from "@/lib/passwords/policy";
import { CopyField } from "../../copy-field";
import { createTicketAction, deleteUserAction, sendResetEmailAction, setPasswordAction } from "../../user-actions";

const INITIAL: FormState = { ok: false };

function Outcome({ state }: { state: FormState }) {
  if (state.ok && state.message) return <Alert kind="success">{state.message}</Alert>;
  if (!state.ok && state.message && !Object.keys(state.fields ?? {}).length) return <Alert kind="error">{state.message}</Alert>;
  return null;
}

export function SetPasswordForm({ userId, policy }: { userId: string; policy: PasswordPolicySettings }) {
  const [state, action] = useActionState(setPasswordAction, INITIAL);
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
      <Outcome state={state} />
      <input type="hidden" name="userId" value={userId} />
      <PasswordField label="New password" name="password" id="admin-new-password" autoComplete="new-password" required error={fields.password} rules={state.data?.rules as never} policy={policy} audience="other" />
      <PasswordField label="Confirm new password" name="confirmPassword" id="admin-confirm-password" autoComplete="new-password" required error={fields.confirmPassword} />
      <SubmitButton>Set password</SubmitButton>
    </form>
  );
}

export function SendResetEmailForm({ userId }: { userId: string }) {
  const [state, action] = useActionState(sendResetEmailAction, INITIAL);
  return (
    <form action={action} className="stack">
      <Outcome state={state} />
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton variant="secondary">Send reset email</SubmitButton>
    </form>
  );
}

export function ResetLinkForm({ userId, lifetimes }: { userId: string; lifetimes: ReadonlyArray<readonly [number, string]> }) {
  const [state, action] = useActionState(createTicketAction, INITIAL);
  const fields = state.fields ?? {};
  const url = state.ok ? (state.data?.url as string | undefined) : undefined;
  return (
    <form action={action} noValidate className="stack">
      <Outcome state={state} />
      {url ? (
        <Alert kind="success" title="Reset link created">
          <CopyField id="reset-link" label="Reset link" value={url} />
          <p>It works once, until {String(state.data?.expiresAt).slice(0, 19).replace("T", " ")} UTC. Give it to the user over a channel you trust; it is not shown again.</p>
        </Alert>
      ) : null}
      <input type="hidden" name="userId" value={userId} />
      <div className="field">
        <label htmlFor="field-ttlSec" className="field__label">
          Link lifetime
        </label>
        <select id="field-ttlSec" name="ttlSec" className="input" defaultValue="86400">
          {lifetimes.map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Field label="After the reset, go to (optional)" name="resultUrl" type="url" hint="An absolute https:// address; default: the Password changed page." error={fields.resultUrl} />
      <div className="checkbox">
        <input type="checkbox" id="field-markEmailVerified" name="markEmailVerified" />
        <label htmlFor="field-markEmailVerified">Mark the email address verified when the reset completes</label>
      </div>
      <SubmitButton variant="secondary">Create reset link</SubmitButton>
    </form>
  );
}

export function DeleteUserForm({ userId, expected }: { userId: string; expected: string }) {
  const [state, action] = useActionState(deleteUserAction, INITIAL);
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack">
      <Outcome state={state} />
      <input type="hidden" name="userId" value={userId} />
      <Field label={`Type ${expected} to confirm`} name="confirmation" autoComplete="off" required error={fields.confirmation} />
      <SubmitButton variant="danger">Delete user</SubmitButton>
    </form>
  );
}
