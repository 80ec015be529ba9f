"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { CopyField } from "../copy-field";
import { createClientAction } from "./client-actions";

/** `notes`: a warning shown under a scope's checkbox, by scope. */
export function CreateClientForm({ scopes, notes = {} }: { scopes: readonly string[]; notes?: Record<string, string> }) {
  const [state, action] = useActionState<FormState, FormData>(createClientAction, { ok: false });
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack">
      {state.ok ? (
        <Alert kind="success" title="Client created">
          <CopyField id="new-client-id" label="Client ID" value={String(state.data?.clientId)} />
          <CopyField id="new-client-secret" label="Client secret" value={String(state.data?.clientSecret)} />
          <p>Copy the secret now: it is never shown again.</p>
        </Alert>
      ) : null}
      {state.message && !state.ok && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Name" name="name" autoComplete="off" required maxLength={100} error={fields.name} />
      <fieldset className="stack" aria-describedby={fields.scopes ? "scopes-error" : undefined}>
        <legend>Scopes</legend>
        {fields.scopes ? (
          <p className="field__error" id="scopes-error">
            {fields.scopes}
          </p>
        ) : null}
        {scopes.map((scope) => (
          <div key={scope}>
            <div className="checkbox">
              <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} aria-describedby={notes[scope] ? `scope-${scope}-note` : undefined} />
              <label htmlFor={`scope-${scope}`}>
                <code>{scope}</code>
              </label>
            </div>
            {notes[scope] ? (
              <p className="field__hint" id={`scope-${scope}-note`}>
                {notes[scope]}
              </p>
            ) : null}
          </div>
        ))}
      </fieldset>
      <SubmitButton>Create client</SubmitButton>
    </form>
  );
}
