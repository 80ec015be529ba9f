"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { CopyField } from "../copy-field";
import { createApplicationAction, rotateSecretAction, updateApplicationAction } from "./application-actions";

export const APP_TYPE_LABELS: Record<string, string> = {
  regular_web: "Regular web application",
  spa: "Single-page application",
  native: "Native application",
  non_interactive: "Machine to machine",
};

function UrlList({ name, label, hint, error, defaultValue }: { name: string; label: string; hint: string; error?: string; defaultValue?: string }) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} name={name} className="input" rows={3} spellCheck={false} defaultValue={defaultValue} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} />
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

function Select({ name, label, options, defaultValue }: { name: string; label: string; options: Record<string, string>; defaultValue?: string }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={`field-${name}`}>
        {label}
      </label>
      <select id={`field-${name}`} name={name} className="input" defaultValue={defaultValue}>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function fieldError(fields: Record<string, string>, name: string): string | undefined {
  return fields[name] ?? Object.entries(fields).find(([key]) => key.startsWith(`${name}.`))?.[1];
}

const URL_HINT = "One per line. https, or http on loopback (localhost) only.";

export function CreateApplicationForm() {
  const [state, action] = useActionState<FormState, FormData>(createApplicationAction, { ok: false });
  const fields = state.fields ?? {};
  const values = state.values ?? {};
  return (
    <form action={action} noValidate className="stack">
      {state.ok ? (
        <Alert kind="success" title="Application created">
          <CopyField id="new-app-id" label="Client ID" value={String(state.data?.clientId)} />
          {state.data?.clientSecret ? <CopyField id="new-app-secret" label="Client secret" value={String(state.data.clientSecret)} /> : <p>A public application has no client secret: it uses PKCE.</p>}
          {state.data?.clientSecret ? <p>Copy the secret now: it is never shown again (you can rotate it).</p> : null}
        </Alert>
      ) : null}
      {state.message && !state.ok && !Object.keys(fields).length ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Name" name="name" autoComplete="off" required maxLength={100} error={fields.name} defaultValue={values.name} />
      <Select name="app_type" label="Type" options={APP_TYPE_LABELS} defaultValue="regular_web" />
      <UrlList name="callbacks" label="Allowed callback URLs" hint={URL_HINT} error={fieldError(fields, "callbacks")} defaultValue={values.callbacks} />
      <UrlList name="allowed_logout_urls" label="Allowed logout URLs" hint={URL_HINT} error={fieldError(fields, "allowed_logout_urls")} defaultValue={values.allowed_logout_urls} />
      <UrlList name="web_origins" label="Allowed web origins" hint="Origins (scheme, host, port) of single-page applications." error={fieldError(fields, "web_origins")} defaultValue={values.web_origins} />
      <SubmitButton>Create application</SubmitButton>
    </form>
  );
}

export type EditableApplication = {
  clientId: string;
  name: string;
  appType: string;
  callbacks: string;
  allowedLogoutUrls: string;
  webOrigins: string;
  initiateLoginUri: string;
  backchannelLogoutUri: string;
  tokenEndpointAuthMethod: string;
  idTokenAlg: string;
  refreshTokenRotation: string;
  isFirstParty: boolean;
  idTokenLifetime: number;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
};

export function EditApplicationForm({ app }: { app: EditableApplication }) {
  const [state, action] = useActionState<FormState, FormData>(updateApplicationAction, { ok: false });
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack">
      {state.ok ? (
        <Alert kind="success" title="Saved">
          {state.data?.clientSecret ? <CopyField id="edit-app-secret" label="New client secret" value={String(state.data.clientSecret)} /> : null}
        </Alert>
      ) : null}
      {state.message && !state.ok ? <Alert kind="error">{state.message}</Alert> : null}
      <input type="hidden" name="clientId" value={app.clientId} />
      <Field label="Name" name="name" autoComplete="off" required maxLength={100} error={fields.name} defaultValue={app.name} />
      <Select name="app_type" label="Type" options={APP_TYPE_LABELS} defaultValue={app.appType} />
      <UrlList name="callbacks" label="Allowed callback URLs" hint={URL_HINT} error={fieldError(fields, "callbacks")} defaultValue={app.callbacks} />
      <UrlList name="allowed_logout_urls" label="Allowed logout URLs" hint={URL_HINT} error={fieldError(fields, "allowed_logout_urls")} defaultValue={app.allowedLogoutUrls} />
      <UrlList name="web_origins" label="Allowed web origins" hint="Origins (scheme, host, port)." error={fieldError(fields, "web_origins")} defaultValue={app.webOrigins} />
      <Field label="Application login URI (initiate_login_uri)" name="initiate_login_uri" type="url" error={fields.initiate_login_uri} defaultValue={app.initiateLoginUri} />
      <Field label="Back-channel logout URI" name="backchannel_logout_uri" type="url" error={fields.backchannel_logout_uri} defaultValue={app.backchannelLogoutUri} />
      <Select name="token_endpoint_auth_method" label="Token endpoint authentication" options={{ client_secret_post: "Client secret (POST)", client_secret_basic: "Client secret (Basic)", none: "None (public, PKCE)" }} defaultValue={app.tokenEndpointAuthMethod} />
      <Select name="id_token_signed_response_alg" label="ID token algorithm" options={{ RS256: "RS256", ES256: "ES256", EdDSA: "EdDSA" }} defaultValue={app.idTokenAlg} />
      <Select name="refresh_token_rotation" label="Refresh token rotation" options={{ rotating: "Rotating (reuse ends the grant)", "non-rotating": "Non-rotating" }} defaultValue={app.refreshTokenRotation} />
      <div className="checkbox">
        <input type="checkbox" id="field-is_first_party" name="is_first_party" defaultChecked={app.isFirstParty} />
        <label htmlFor="field-is_first_party">First-party (no consent screen)</label>
      </div>
      <Field label="ID token lifetime (seconds)" name="id_token_lifetime" inputMode="numeric" error={fields.id_token_lifetime} defaultValue={String(app.idTokenLifetime)} />
      <Field label="Access token lifetime (seconds)" name="access_token_lifetime" inputMode="numeric" error={fields.access_token_lifetime} defaultValue={String(app.accessTokenLifetime)} />
      <Field label="Refresh token lifetime (seconds)" name="refresh_token_lifetime" inputMode="numeric" error={fields.refresh_token_lifetime} defaultValue={String(app.refreshTokenLifetime)} />
      <SubmitButton>Save changes</SubmitButton>
    </form>
  );
}

export function RotateSecretForm({ clientId }: { clientId: string }) {
  const [state, action] = useActionState<FormState, FormData>(rotateSecretAction, { ok: false });
  return (
    <form action={action} className="stack">
      <input type="hidden" name="clientId" value={clientId} />
      {state.ok ? (
        <Alert kind="success" title="Secret rotated">
          <CopyField id="rotated-secret" label="New client secret" value={String(state.data?.clientSecret)} />
          <p>The old secret stopped working. Copy this one now: it is never shown again.</p>
        </Alert>
      ) : null}
      {state.message && !state.ok ? <Alert kind="error">{state.message}</Alert> : null}
      <SubmitButton variant="secondary">Rotate secret</SubmitButton>
    </form>
  );
}
