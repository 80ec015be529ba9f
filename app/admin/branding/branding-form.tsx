"use client";

import { useActionState } from "react";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { saveBrandingAction } from "./save-branding";

export type BrandingFormView = {
  productName: string;
  primaryColor: string;
  backgroundColor: string;
  hasLogo: boolean;
  hasFavicon: boolean;
};

function FileField({ name, label, hint, error }: { name: string; label: string; hint: string; error?: string }) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept="image/png,image/svg+xml,image/x-icon,image/vnd.microsoft.icon,image/webp,.png,.svg,.ico,.webp"
        className="input"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
      />
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Works without JavaScript: a plain multipart form posting to the server action. */
export function BrandingForm({ settings, defaultName }: { settings: BrandingFormView; defaultName: string }) {
  const [state, action] = useActionState<FormState, FormData>(saveBrandingAction, { ok: false });
  const fields = state.fields ?? {};
  const values = (state.data?.values as Partial<Record<keyof BrandingFormView, string>> | undefined) ?? settings;
  return (
    <form action={action} encType="multipart/form-data" noValidate className="stack">
      {state.ok ? <Alert kind="success">{state.message}</Alert> : null}
      {state.message && !state.ok && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <Field label="Product name" name="productName" maxLength={60} hint={`Empty: ${defaultName} (PRODUCT_NAME).`} defaultValue={values.productName ?? ""} error={fields.productName} />
      <Field label="Primary colour" name="primaryColor" hint="Buttons and links, as #rrggbb. Empty: Rekey's indigo." defaultValue={values.primaryColor ?? ""} error={fields.primaryColor} />
      <Field label="Background colour" name="backgroundColor" hint="Page background in the light theme, as #rrggbb. Empty: the default grey." defaultValue={values.backgroundColor ?? ""} error={fields.backgroundColor} />
      <FileField name="logo" label="Logo" hint="PNG, SVG, ICO or WebP, at most 512 KB. Shown 32 px high in page headers and emails." error={fields.logo} />
      {settings.hasLogo ? (
        <div className="checkbox">
          <input type="checkbox" id="field-removeLogo" name="removeLogo" />
          <label htmlFor="field-removeLogo">Remove the logo (show the letter tile)</label>
        </div>
      ) : null}
      <FileField name="favicon" label="Favicon" hint="PNG, SVG, ICO or WebP, at most 128 KB." error={fields.favicon} />
      {settings.hasFavicon ? (
        <div className="checkbox">
          <input type="checkbox" id="field-removeFavicon" name="removeFavicon" />
          <label htmlFor="field-removeFavicon">Remove the favicon (use the default)</label>
        </div>
      ) : null}
      <SubmitButton>Save branding</SubmitButton>
    </form>
  );
}
