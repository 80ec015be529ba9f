"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { saveConnectionSettingsAction } from "./form-actions";

export type ConnectionSettingsView = {
  signupEnabled: boolean;
  requiresUsername: boolean;
  passwordPolicy: string;
  passwordMinLength: number;
  passwordHistorySize: number;
  passwordDictionary: boolean;
  passwordNoPersonalInfo: boolean;
  resetTicketLifetimeSec: number;
  mfaPolicy: string;
  importMode: boolean;
};

// Auth0's "Require Multi-factor Auth" choices (lib/users MFA_POLICIES).
const MFA_CHOICES = [
  ["never", "Never: the password is enough"],
  ["enrolled", "When enrolled: users who set up a second factor are asked for it (default)"],
  ["always", "Always: users without a second factor set one up when they sign in"],
] as const;

const LEVELS = [
  ["none", "None: at least 1 character"],
  ["low", "Low: at least 6 characters"],
  ["fair", "Fair: 8 characters with lower case, upper case and numbers"],
  ["good", "Good: 8 characters with 3 of lower, upper, numbers, special"],
  ["excellent", "Excellent: 10 characters, 3 of 4 types, no 3 identical in a row"],
] as const;

function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="checkbox">
      <input type="checkbox" id={`field-${name}`} name={name} defaultChecked={defaultChecked} />
      <label htmlFor={`field-${name}`}>{label}</label>
    </div>
  );
}

export function ConnectionSettingsForm({ settings }: { settings: ConnectionSettingsView }) {
  const [state, action] = useActionState<FormState, FormData>(saveConnectionSettingsAction, { ok: false });
  const fields = state.fields ?? {};
  return (
    <form action={action} noValidate className="stack">
      {state.ok ? <Alert kind="success">{state.message}</Alert> : null}
      {state.message && !state.ok && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <fieldset className="stack">
        <legend>Sign-up</legend>
        <Checkbox name="signupEnabled" label="People can sign up" defaultChecked={settings.signupEnabled} />
        <Checkbox name="requiresUsername" label="Require a username" defaultChecked={settings.requiresUsername} />
      </fieldset>
      <fieldset className="stack">
        <legend>Password policy</legend>
        <div className="field">
          <label htmlFor="field-passwordPolicy" className="field__label">Strength</label>
          <select id="field-passwordPolicy" name="passwordPolicy" className="input" defaultValue={settings.passwordPolicy}>
            {LEVELS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field label="Minimum length" name="passwordMinLength" inputMode="numeric" defaultValue={String(settings.passwordMinLength)} error={fields.passwordMinLength} />
        <Field label="Password history (0–24)" name="passwordHistorySize" inputMode="numeric" defaultValue={String(settings.passwordHistorySize)} error={fields.passwordHistorySize} />
        <Checkbox name="passwordDictionary" label="Refuse the 10,000 most common passwords" defaultChecked={settings.passwordDictionary} />
        <Checkbox name="passwordNoPersonalInfo" label="Refuse passwords containing the user's name, username or email" defaultChecked={settings.passwordNoPersonalInfo} />
      </fieldset>
      <fieldset className="stack">
        <legend>Second factor at sign-in</legend>
        {MFA_CHOICES.map(([value, label]) => (
          <div className="checkbox" key={value}>
            <input type="radio" id={`field-mfaPolicy-${value}`} name="mfaPolicy" value={value} defaultChecked={settings.mfaPolicy === value} />
            <label htmlFor={`field-mfaPolicy-${value}`}>{label}</label>
          </div>
        ))}
        {fields.mfaPolicy ? <p className="field__error">{fields.mfaPolicy}</p> : null}
      </fieldset>
      <fieldset className="stack">
        <legend>Password reset</legend>
        <Field
          label="Reset link lifetime (seconds)"
          name="resetTicketLifetimeSec"
          inputMode="numeric"
          hint="Default 1800 (30 minutes)."
          defaultValue={String(settings.resetTicketLifetimeSec)}
          error={fields.resetTicketLifetimeSec}
        />
      </fieldset>
      <fieldset className="stack">
        <legend>Migration</legend>
        <Checkbox
          name="importMode"
          label="Import users from the old system at their first sign-in or reset (Custom Database scripts in actions/custom-database/)"
          defaultChecked={settings.importMode}
        />
      </fieldset>
      <SubmitButton>Save settings</SubmitButton>
    </form>
  );
}
