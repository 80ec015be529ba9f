"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { createApiAction, grantApiAction } from "./api-actions";

export function CreateApiForm() {
  const [state, action] = useActionState<FormState, FormData>(createApiAction, { ok: false });
  const fields = state.fields ?? {};
  const values = state.values ?? {};
  return (
    <form action={action} noValidate className="stack">
      {state.message ? <Alert kind={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <Field label="Name" name="name" autoComplete="off" required maxLength={200} error={fields.name} defaultValue={values.name} />
      <Field label="Identifier (audience)" name="identifier" type="url" required maxLength={600} error={fields.identifier} defaultValue={values.identifier} hint="An absolute URI, e.g. https://api.example.com/. It cannot be changed later." />
      <div className="field">
        <label className="field__label" htmlFor="field-signing_alg">
          Signing algorithm
        </label>
        <select id="field-signing_alg" name="signing_alg" className="input" defaultValue="RS256">
          <option value="RS256">RS256</option>
          <option value="ES256">ES256</option>
          <option value="EdDSA">EdDSA</option>
        </select>
      </div>
      <Field label="Token lifetime (seconds)" name="token_lifetime" inputMode="numeric" defaultValue="86400" error={fields.token_lifetime} />
      <div className="field">
        <label className="field__label" htmlFor="field-scopes">
          Scopes
        </label>
        <textarea id="field-scopes" name="scopes" className="input" rows={4} spellCheck={false} aria-describedby="field-scopes-hint" />
        {fields.scopes ? <p className="field__error">{fields.scopes}</p> : null}
        <p className="field__hint" id="field-scopes-hint">
          One per line: the scope, then its description (<code>read:invoices Read invoices</code>).
        </p>
      </div>
      <SubmitButton>Create API</SubmitButton>
    </form>
  );
}

export function GrantForm({ apiId, apiName, applications }: { apiId: string; apiName: string; applications: { id: string; name: string }[] }) {
  const [state, action] = useActionState<FormState, FormData>(grantApiAction, { ok: false });
  const id = (name: string) => `grant-${apiId}-${name}`;
  return (
    <form action={action} noValidate className="stack">
      {state.message ? <Alert kind={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <input type="hidden" name="apiId" value={apiId} />
      <div className="field">
        <label className="field__label" htmlFor={id("client")}>
          Application allowed to ask {apiName} for tokens
        </label>
        <select id={id("client")} name="clientId" className="input">
          {applications.map((app) => (
            <option key={app.id} value={app.id}>
              {app.name}
            </option>
          ))}
        </select>
      </div>
      <Field id={id("scopes")} label="Scopes granted (space-separated)" name="scopes" autoComplete="off" error={state.fields?.scopes} />
      <SubmitButton variant="secondary">Grant</SubmitButton>
    </form>
  );
}
